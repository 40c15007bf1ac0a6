-- The clinical chart (records module): encounters, problems, allergies, medications,
-- observations, reports, immunizations and notes. Permissions are
-- records:<reach>:<read|write>:<type>, the reach chart (any patient), chart-in-care (patients in
-- the user's care or under their break-glass grant) or chart-own (the portal's own record).
-- Administrators and registration clerks read no charts. Expand only.
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('physician',    'records:chart-in-care:read,write'),
    ('nurse',        'records:chart-in-care:read,write'),
    ('pharmacist',   'records:chart:read'),
    ('radiologist',  'records:chart:read'),
    ('billing',      'records:chart:read:encounter,condition'),
    ('patient',      'records:chart-own:read');
