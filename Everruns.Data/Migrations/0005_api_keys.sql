-- API keys: only a hash of each key is stored; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY DEFAULT uuidv7(),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix       text NOT NULL,
    key_hash     bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Which key started a run, for the per-key limit of concurrent runs.
ALTER TABLE runs ADD COLUMN created_by uuid REFERENCES api_keys (id);
CREATE INDEX runs_active_by_key_idx ON runs (created_by) WHERE status IN ('pending', 'running', 'waiting');
