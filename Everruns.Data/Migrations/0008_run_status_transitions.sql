-- A run's status follows one state machine (RunStatusTransitions in Everruns.Data/Runs/Run.cs):
--   pending -> running                         claimed by an executor, or taken by its workflow
--   running -> waiting | completed | failed | cancelled   its turn ended (the event writer, with the turn's last event)
--   waiting -> running                         its approvals are decided, or its cancel was asked for
-- and the terminal statuses never change. Any other change is refused here, whichever statement tries it.
CREATE FUNCTION runs_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ((OLD.status = 'pending' AND NEW.status = 'running')
         OR (OLD.status = 'running' AND NEW.status IN ('waiting', 'completed', 'failed', 'cancelled'))
         OR (OLD.status = 'waiting' AND NEW.status = 'running')) THEN
        RAISE EXCEPTION 'run % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER runs_status_transitions BEFORE UPDATE OF status ON runs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION runs_status_transition();

-- Executors claim waiting runs too, once their approvals are decided.
DROP INDEX runs_claimable_idx;
CREATE INDEX runs_claimable_idx ON runs (created_at) WHERE status IN ('pending', 'running', 'waiting');
