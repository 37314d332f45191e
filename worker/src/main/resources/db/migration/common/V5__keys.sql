-- The key service (CreateKey, Encrypt, Decrypt ...): key material now also holds asymmetric private keys
-- (PKCS#8, a few KB), descriptions take Alibaba's 8,192 characters, and each key has a primary version id
-- (named by every ciphertext blob) and a creator. One text for every dialect: columns are added, filled
-- from the old ones and the old ones dropped, since the dialects spell "change a column's type" differently.

ALTER TABLE kms_keys ADD COLUMN key_material ${large_binary};
ALTER TABLE kms_keys ADD COLUMN key_description VARCHAR(8192);
ALTER TABLE kms_keys ADD COLUMN key_version_id VARCHAR(128);
ALTER TABLE kms_keys ADD COLUMN creator VARCHAR(128);

-- Keys made before this migration keep their material (sealed under the same AAD) and get a readable version id.
UPDATE kms_keys SET key_material = wrapped_material, key_description = description,
                    key_version_id = CONCAT(key_id, '-v1');

ALTER TABLE kms_keys DROP COLUMN wrapped_material;
ALTER TABLE kms_keys DROP COLUMN description;
