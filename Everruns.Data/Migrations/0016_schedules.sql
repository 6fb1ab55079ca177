-- Schedules start runs of an agent on a cron timetable, in a time zone. Each fire is a row of schedule_fires,
-- inserted in the same transaction that moves the schedule's next_fire_at on (under FOR UPDATE SKIP LOCKED), so a
-- fire is claimed once whichever API instance sees it first. The fire row then carries what its run is made from
-- (the thread, the message id, the idempotency key of the run is derived from its id), so that an instance that
-- dies half-way leaves a fire another one finishes, without a second run.

CREATE TABLE schedules (
    id           uuid PRIMARY KEY DEFAULT uuidv7(),
    agent_id     uuid NOT NULL REFERENCES agents (id),
    -- The thread every fire continues; null: every fire starts a thread of its own.
    thread_id    uuid REFERENCES threads (id),
    cron         text NOT NULL CHECK (length(cron) BETWEEN 1 AND 200),
    timezone     text NOT NULL CHECK (length(timezone) BETWEEN 1 AND 100),
    message      text NOT NULL,
    missed_fires text NOT NULL DEFAULT 'run_once' CHECK (missed_fires IN ('run_once', 'skip')),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    -- When it fires next; null while paused, or when the timetable has no future occurrence.
    next_fire_at timestamptz,
    created_by   uuid REFERENCES api_keys (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedules_created_idx ON schedules (created_at DESC, id DESC);
CREATE INDEX schedules_agent_idx ON schedules (agent_id, created_at DESC);
CREATE INDEX schedules_due_idx ON schedules (next_fire_at) WHERE status = 'active';

CREATE TABLE schedule_fires (
    id            uuid PRIMARY KEY DEFAULT uuidv7(),
    schedule_id   uuid NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    trigger       text NOT NULL CHECK (trigger IN ('cron', 'manual')),
    -- The timetable's occurrence it fires for (the first one missed, when several were), or when "run now" was asked.
    scheduled_for timestamptz NOT NULL,
    fired_at      timestamptz NOT NULL,
    thread_id     uuid NOT NULL,
    new_thread    boolean NOT NULL,
    message_id    uuid NOT NULL,
    created_by    uuid,
    -- null while the run is being started; then started (run_id set) or skipped (reason and detail say why).
    outcome       text CHECK (outcome IN ('started', 'skipped')),
    reason        text,
    detail        text,
    run_id        uuid,
    -- An unfinished fire is being started by whoever locked it until then; after that, another instance finishes it.
    locked_until  timestamptz
);
-- A timetable occurrence fires once.
CREATE UNIQUE INDEX schedule_fires_once_idx ON schedule_fires (schedule_id, scheduled_for) WHERE trigger = 'cron';
CREATE INDEX schedule_fires_schedule_idx ON schedule_fires (schedule_id, fired_at DESC, id DESC);
CREATE INDEX schedule_fires_run_idx ON schedule_fires (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX schedule_fires_unfinished_idx ON schedule_fires (locked_until) WHERE outcome IS NULL;
