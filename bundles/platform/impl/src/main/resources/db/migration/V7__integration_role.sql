-- An account for interface engines and data migrations (records:import, FHIR transactions from
-- another system): registers and updates patients and writes and reads any chart, but has no
-- break-glass and no administration. Grant it to a service account only, never
-- to a person who also signs in for care. Expand only.
INSERT INTO platform_role (role_name, description) VALUES
    ('integration',  'Interface engine or data migration: imports patients and charts');
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('integration',  'records:patient:read,search,create,update'),
    ('integration',  'records:chart:read,write');
