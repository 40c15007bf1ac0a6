-- OpenWard platform schema: user accounts, roles with their Shiro wildcard permissions,
-- and bearer-token sessions. Portable SQL: runs unchanged on Derby and PostgreSQL.

CREATE TABLE platform_role (
    role_name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    description VARCHAR(255) NOT NULL
);

CREATE TABLE platform_role_permission (
    role_name  VARCHAR(64)  NOT NULL REFERENCES platform_role (role_name),
    permission VARCHAR(255) NOT NULL,
    PRIMARY KEY (role_name, permission)
);

CREATE TABLE platform_user (
    username      VARCHAR(64)  NOT NULL PRIMARY KEY,
    display_name  VARCHAR(200) NOT NULL,
    password_hash VARCHAR(512) NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    created_by    VARCHAR(128) NOT NULL
);

CREATE TABLE platform_user_role (
    username  VARCHAR(64) NOT NULL REFERENCES platform_user (username),
    role_name VARCHAR(64) NOT NULL REFERENCES platform_role (role_name),
    PRIMARY KEY (username, role_name)
);

-- A session is a bearer token; only its SHA-256 is kept, never the token itself.
CREATE TABLE platform_session (
    token_hash     CHAR(64)    NOT NULL PRIMARY KEY,
    username       VARCHAR(64) NOT NULL REFERENCES platform_user (username),
    source_address VARCHAR(64) NOT NULL,
    created_at     TIMESTAMP   NOT NULL,
    last_seen_at   TIMESTAMP   NOT NULL,
    expires_at     TIMESTAMP   NOT NULL,
    revoked_at     TIMESTAMP
);

-- The standard roles. Permissions are <module>:<object>:<action>; '*' matches any part.
-- A site changes grants here (openward shell), not in code.
INSERT INTO platform_role (role_name, description) VALUES
    ('admin',        'System administrator: users, roles, modules; patient demographics for support'),
    ('physician',    'Physician: full clinical record'),
    ('nurse',        'Nurse: clinical record'),
    ('pharmacist',   'Pharmacist: medication orders and dispensing; patient demographics'),
    ('radiologist',  'Radiologist: imaging; patient demographics'),
    ('billing',      'Billing clerk: demographics and codes'),
    ('registration', 'Registration clerk: registers and updates patients'),
    ('auditor',      'Privacy officer: reads the audit trail'),
    ('patient',      'Patient using the portal: own records only');

INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('admin',        'platform:*'),
    ('admin',        'records:patient:read,search'),
    ('physician',    'platform:module:read'),
    ('physician',    'records:*'),
    ('nurse',        'platform:module:read'),
    ('nurse',        'records:*'),
    ('pharmacist',   'platform:module:read'),
    ('pharmacist',   'records:patient:read,search'),
    ('radiologist',  'platform:module:read'),
    ('radiologist',  'records:patient:read,search'),
    ('billing',      'platform:module:read'),
    ('billing',      'records:patient:read,search'),
    ('registration', 'platform:module:read'),
    ('registration', 'records:patient:*'),
    ('auditor',      'platform:module:read'),
    ('auditor',      'audit:*');
