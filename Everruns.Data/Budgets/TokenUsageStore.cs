using Dapper;
using Npgsql;

namespace Everruns.Data.Budgets;

/// <summary>What a run has used so far, what its agent has used today (UTC), and when that day ends.</summary>
public sealed record BudgetUsage(long RunTokens, long DayTokens, DateTimeOffset DayEndsAt);

/// <summary>What an agent has used today (UTC), and when that day ends.</summary>
public sealed record DayUsage(long Tokens, DateTimeOffset DayEndsAt);

/// <summary>
/// The token counts budgets are checked against. A run's tokens are the run's stored usage; an agent's day is one row
/// of <c>agent_token_usage</c>, added to in the same write that stores each model answer and its usage
/// (<see cref="AddToDaySql"/>), so a check is one row read, never a sum and never a read per token.
/// </summary>
public sealed class TokenUsageStore(NpgsqlDataSource dataSource)
{
    /// <summary>Today, in UTC, by the database's clock: budget days are UTC days.</summary>
    internal const string Today = "(now() AT TIME ZONE 'UTC')::date";

    private const string DayEndsAt = $"(({Today} + 1)::timestamp AT TIME ZONE 'UTC')";

    /// <summary>
    /// A CTE that adds the tokens of a CTE named <c>usage</c> (<c>agent_id, input_tokens, output_tokens</c>, one row
    /// per answer) to the agents' day. Rows are locked in agent order, so two writers cannot deadlock on them.
    /// </summary>
    internal const string AddToDaySql = $"""
        day_usage AS (
            INSERT INTO agent_token_usage AS t (agent_id, day, input_tokens, output_tokens)
            SELECT agent_id, {Today}, sum(input_tokens), sum(output_tokens) FROM usage
            GROUP BY agent_id HAVING sum(input_tokens) + sum(output_tokens) > 0
            ORDER BY agent_id
            ON CONFLICT (agent_id, day) DO UPDATE SET
                input_tokens = t.input_tokens + excluded.input_tokens,
                output_tokens = t.output_tokens + excluded.output_tokens
        )
        """;

    /// <summary>A condition on the agent aliased <c>a</c>: its day budget, if it has one, is not spent.</summary>
    internal const string DayBudgetLeft = $$"""
        (a.definition #> '{budget,max_tokens_per_day}' IS NULL OR NOT EXISTS (
            SELECT 1 FROM agent_token_usage u
            WHERE u.agent_id = a.id AND u.day = {{Today}}
              AND u.input_tokens + u.output_tokens >= (a.definition #>> '{budget,max_tokens_per_day}')::bigint))
        """;

    public async Task<BudgetUsage> ReadForRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UsageRow>(new CommandDefinition(
            $"""
            SELECT r.input_tokens + r.output_tokens AS run_tokens,
                   coalesce(u.input_tokens + u.output_tokens, 0) AS day_tokens,
                   {DayEndsAt} AS day_ends_at
            FROM runs r LEFT JOIN agent_token_usage u ON u.agent_id = r.agent_id AND u.day = {Today}
            WHERE r.id = @runId
            """,
            new { runId },
            cancellationToken: cancellationToken));
        return new BudgetUsage(row.RunTokens, row.DayTokens, Utc(row.DayEndsAt));
    }

    public async Task<DayUsage> ReadDayAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UsageRow>(new CommandDefinition(
            $"""
            SELECT coalesce((SELECT input_tokens + output_tokens FROM agent_token_usage WHERE agent_id = @agentId AND day = {Today}), 0) AS day_tokens,
                   {DayEndsAt} AS day_ends_at
            """,
            new { agentId },
            cancellationToken: cancellationToken));
        return new DayUsage(row.DayTokens, Utc(row.DayEndsAt));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class UsageRow
    {
        public long RunTokens { get; init; }
        public long DayTokens { get; init; }
        public DateTime DayEndsAt { get; init; }
    }
}
