-- The pharmacy module: medication orders, verification, dispensing, stock and administration.
-- Permissions are pharmacy:<object>:<action>. Which patients a user reaches is the chart's rule
-- (records:chart-in-care for clinicians): the pharmacy reads each patient's allergies and
-- medications through the chart, under the caller's own permissions. Expand only.
INSERT INTO platform_role_permission (role_name, permission) VALUES
    ('physician',    'pharmacy:order:read,write'),
    ('physician',    'pharmacy:dispense:read'),
    ('physician',    'pharmacy:administration:read'),
    ('nurse',        'pharmacy:order:read'),
    ('nurse',        'pharmacy:dispense:read'),
    ('nurse',        'pharmacy:administration:read,write,witness'),
    ('pharmacist',   'pharmacy:order:read,verify'),
    ('pharmacist',   'pharmacy:dispense:read,write'),
    ('pharmacist',   'pharmacy:stock:read,write'),
    ('pharmacist',   'pharmacy:administration:read,witness');
