-- An Idempotency-Key is bound to the request it came with: the fingerprint (a SHA-256 of what the request asked for)
-- is stored with the run, and the same key with another request is refused instead of answered with this run. The
-- key column itself holds the key prefixed with its caller's scope, so that callers never share keys.
ALTER TABLE runs ADD COLUMN idempotency_fingerprint bytea;
