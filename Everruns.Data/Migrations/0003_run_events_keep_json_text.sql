-- Events are stored as the exact JSON text that was sent live (json, not jsonb), so a replay is byte for byte
-- what live readers saw, with "type" first as AG-UI clients expect; and nothing is parsed on the way in.
ALTER TABLE run_events ALTER COLUMN payload TYPE json USING payload::json;
