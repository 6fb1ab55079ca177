-- Completion webhooks: a run may name a URL (and a secret) to call when its turn ends; the calls go out from a
-- durable outbox. The run keeps its webhook while it is active (the secret encrypted, as tool secrets are); each end
-- of a turn queues one delivery, in the same transaction as the run's new status (RunEventWriter), with what the
-- receiver is sent. Deliverers claim due deliveries with FOR UPDATE SKIP LOCKED under a lease, so one delivery is
-- attempted by one process at a time, and a delivery whose process died is taken over when its lease expires.
ALTER TABLE runs
    ADD COLUMN webhook_url text,
    ADD COLUMN webhook_secret text;

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT uuidv7(),
    run_id           uuid NOT NULL REFERENCES runs (id),
    url              text NOT NULL,
    -- Encrypted; cleared once the delivery is settled.
    secret           text,
    -- What the receiver is sent: the run as its turn ended.
    run_status       text NOT NULL CHECK (run_status IN ('waiting', 'completed', 'failed', 'cancelled')),
    error_code       text,
    error            text,
    final_answer     text,
    input_tokens     bigint NOT NULL,
    output_tokens    bigint NOT NULL,
    ended_at         timestamptz NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    settled_at       timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_run_idx ON webhook_deliveries (run_id, created_at, id);
-- The outbox: deliveries still to make (due, or claimed by a process whose lease may have expired).
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Every attempt of a delivery, for people to see: in flight, answered (with the status code), or cut off.
CREATE TABLE webhook_delivery_attempts (
    delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id),
    attempt      integer NOT NULL CHECK (attempt > 0),
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    outcome      text NOT NULL DEFAULT 'in_flight'
                 CHECK (outcome IN ('in_flight', 'delivered', 'will_retry', 'failed', 'interrupted')),
    status_code  integer,
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);
