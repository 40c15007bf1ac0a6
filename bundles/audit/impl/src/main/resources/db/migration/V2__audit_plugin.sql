-- Expand only: the plugin (its bundle's symbolic name) through which a user's access happened.
-- Older rows and a module's own access have none; the seal covers the field only when present,
-- so records written before this column keep their seals.
ALTER TABLE audit_event ADD COLUMN plugin VARCHAR(128);
