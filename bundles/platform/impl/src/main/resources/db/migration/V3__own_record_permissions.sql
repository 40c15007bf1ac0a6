-- Patients read and find their own record only (the records module enforces "own"); registration
-- clerks link a portal account to its patient.
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('patient',      'records:patient-own:read,search'),
    ('registration', 'records:portal:link');
