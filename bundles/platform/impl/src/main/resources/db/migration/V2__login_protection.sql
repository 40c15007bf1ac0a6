-- Login protection: lockout after repeated failures, TOTP second factor, and sessions limited
-- to enrolling that factor. Expand only: the previous version keeps working on this schema.

-- Consecutive failed logins, and until when the account refuses every login.
ALTER TABLE platform_user ADD COLUMN failed_logins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE platform_user ADD COLUMN locked_until TIMESTAMP;

-- The TOTP secret (Base32), active once confirmed with a first code; the last time step used,
-- so that each code works once.
ALTER TABLE platform_user ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE platform_user ADD COLUMN totp_confirmed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE platform_user ADD COLUMN totp_last_step BIGINT DEFAULT 0 NOT NULL;

-- 'full', or 'mfa-enrolment' for staff who must enrol a second factor before anything else.
ALTER TABLE platform_session ADD COLUMN scope VARCHAR(16) DEFAULT 'full' NOT NULL;
