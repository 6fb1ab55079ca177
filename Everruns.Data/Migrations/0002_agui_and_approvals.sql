-- AG-UI clients name threads and runs with ids of their own; approvals of tool calls wait in their own table.

ALTER TABLE threads ADD COLUMN external_id text;
CREATE UNIQUE INDEX threads_external_id_idx ON threads (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE runs
    ADD COLUMN external_thread_id text,
    ADD COLUMN external_run_id text,
    ADD COLUMN input jsonb;

CREATE TABLE tool_approvals (
    run_id            uuid NOT NULL REFERENCES runs (id),
    tool_call_id      text NOT NULL,
    tool_name         text NOT NULL,
    arguments         jsonb NOT NULL,
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    decided_arguments jsonb,
    reason            text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz,
    decided_at        timestamptz,
    PRIMARY KEY (run_id, tool_call_id)
);
CREATE INDEX tool_approvals_expiring_idx ON tool_approvals (expires_at) WHERE status = 'pending';
