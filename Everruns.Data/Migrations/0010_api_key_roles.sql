-- API keys get a role and remember which key made them. Admin keys manage keys; member keys use the rest of the API.
-- Keys made before roles existed could manage keys, so they stay admin keys (review them: docs/security.md); keys
-- made from now on are members unless made admins. created_by is null for keys made with the bootstrap key (or with
-- authentication off). Revoking a key revokes the keys it made, found through created_by.
ALTER TABLE api_keys
    ADD COLUMN role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'member')),
    ADD COLUMN created_by uuid REFERENCES api_keys (id);
ALTER TABLE api_keys ALTER COLUMN role SET DEFAULT 'member';
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by) WHERE created_by IS NOT NULL;
