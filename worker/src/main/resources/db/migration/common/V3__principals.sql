-- Principals get a name: operators see it in `access-key list`, secret policies may grant by it.
-- One name, one principal. Keys made before this migration (the first start's admin key) take their id.
ALTER TABLE access_keys ADD COLUMN principal_name VARCHAR(64);
UPDATE access_keys SET principal_name = access_key_id WHERE principal_name IS NULL;
CREATE UNIQUE INDEX access_keys_by_name ON access_keys (principal_name);
