-- A run is inserted only for an agent that exists and is not archived: the statement that creates it joins the
-- thread to the agent, and agents are archived, never deleted. The foreign key repeated that check with a share lock
-- on the agent's row, and every run of an agent takes that lock: the runs of a busy agent queued on its one row (as
-- multixacts) for a check that could not fail. Dropping it cut PostgreSQL's CPU per run start by about 6 % and the
-- insert's time by a third in the benchmark (docs/benchmarks.md).
ALTER TABLE runs DROP CONSTRAINT runs_agent_id_fkey;
