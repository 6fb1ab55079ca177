-- A run is inserted only for an agent that exists and is not archived: the statement that creates it joins the
-- thread to the agent, and agents are archived, never deleted. The foreign key repeated that check with a share lock
-- on the agent's row, and every run of an agent takes that lock: the runs of a busy agent queued on its one row (as
-- multixacts) for a check that could not fail. Without it, PostgreSQL used 5 to 8 % less CPU in the benchmark's
-- short-run scenarios, and the insert's mean time fell by about a third (docs/benchmarks.md).
ALTER TABLE runs DROP CONSTRAINT runs_agent_id_fkey;
