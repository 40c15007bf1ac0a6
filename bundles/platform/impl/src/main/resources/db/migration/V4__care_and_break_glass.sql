-- Care relationships and break-glass. Clinicians (physicians, nurses) read and update the charts
-- of patients in their care (the records module knows who is: care teams and ward stays) or
-- under a break-glass grant; they may still find any patient, and then see who it is, nothing
-- more. Billing reads demographics and codes, never narrative. Expand only.

-- Emergency access: one patient, one clinician, a stated reason, a limited time, and an
-- auditor's review. Never deleted.
CREATE TABLE platform_break_glass (
    grant_id       VARCHAR(36)   NOT NULL PRIMARY KEY,
    username       VARCHAR(64)   NOT NULL REFERENCES platform_user (username),
    patient_id     VARCHAR(64)   NOT NULL,
    reason         VARCHAR(1000) NOT NULL,
    started_at     TIMESTAMP     NOT NULL,
    expires_at     TIMESTAMP     NOT NULL,
    ended_at       TIMESTAMP,
    end_reason     VARCHAR(16),
    reviewed_at    TIMESTAMP,
    reviewed_by    VARCHAR(64),
    review_outcome VARCHAR(16),
    review_comment VARCHAR(1000)
);
CREATE INDEX platform_break_glass_holder ON platform_break_glass (username, patient_id);
CREATE INDEX platform_break_glass_open ON platform_break_glass (ended_at);
CREATE INDEX platform_break_glass_review ON platform_break_glass (reviewed_at);

-- Physicians and nurses: from "every patient" to "patients in their care", plus the glass.
DELETE FROM platform_role_permission WHERE role_name IN ('physician', 'nurse') AND permission = 'records:*';
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('physician',    'records:patient:search'),
    ('physician',    'records:patient-in-care:read,update'),
    ('physician',    'platform:break-glass:start'),
    ('nurse',        'records:patient:search'),
    ('nurse',        'records:patient-in-care:read,update'),
    ('nurse',        'platform:break-glass:start'),
    ('auditor',      'platform:break-glass:review'),
    ('registration', 'records:care:assign');

-- Administrators run the system; they neither break the glass nor review who did ('platform:*'
-- would grant both): the platform's own objects are granted one by one.
DELETE FROM platform_role_permission WHERE role_name = 'admin' AND permission = 'platform:*';
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('admin',        'platform:user:*'),
    ('admin',        'platform:module:*');

-- Billing: identity and contact details of any patient, not the narrative.
DELETE FROM platform_role_permission WHERE role_name = 'billing' AND permission = 'records:patient:read,search';
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('billing',      'records:patient:search'),
    ('billing',      'records:patient:read:identity,contact');
