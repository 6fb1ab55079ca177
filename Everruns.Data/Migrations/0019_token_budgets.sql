-- Token budgets: the tokens each agent's runs used per UTC day, added up where a run's token usage is stored (with
-- each model answer, in the event writer's batch), so that a budget is checked with one row read instead of a sum over
-- the day's runs. No foreign key to agents, for the reason of 0007: a busy agent's runs would all share-lock its row.
CREATE TABLE agent_token_usage (
    agent_id      uuid NOT NULL,
    day           date NOT NULL,
    input_tokens  bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, day)
);
