-- TOTP secrets are stored sealed (AES-256-GCM under etc/openward-secrets.key), which takes more
-- room than the Base32 seed. Expand only: secrets stored before are read as they are.
ALTER TABLE platform_user ALTER COLUMN totp_secret SET DATA TYPE VARCHAR(200);
