-- Events are written only for runs that exist: the writer's INSERT joins each event to its run (and checks the
-- lease), a cancelled run's events are written under the run's row lock, and runs are never deleted. The foreign
-- key repeated that check once per event row, with a row lock on the run each time; on the hottest table of the
-- platform that cost more than it protected.
ALTER TABLE run_events DROP CONSTRAINT run_events_run_id_fkey;
