using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Approvals;

/// <summary>
/// Approvals of tool calls. A run waits (status <c>waiting</c>, no executor) while any of its approvals is pending;
/// this store only records them and their answers; who takes the run up again is the runner's business.
/// </summary>
public sealed class ToolApprovalStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "run_id, tool_call_id, tool_name, arguments::text AS arguments, status, decided_arguments::text AS decided_arguments, " +
        "reason, created_at, expires_at, decided_at";

    internal const string SelectAllOfRun = $"SELECT {Columns} FROM tool_approvals WHERE run_id = @runId ORDER BY created_at, tool_call_id";

    /// <summary>Records the calls a run waits on; calls already recorded keep their state.</summary>
    public async Task AddPendingAsync(Guid runId, IReadOnlyList<PendingApproval> calls, TimeSpan? expiresAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tool_approvals (run_id, tool_call_id, tool_name, arguments, expires_at)
            SELECT @runId, c.id, c.name, c.arguments::jsonb,
                   CASE WHEN @expiresSeconds IS NULL THEN NULL ELSE now() + make_interval(secs => @expiresSeconds) END
            FROM unnest(@ids, @names, @arguments) AS c(id, name, arguments)
            ON CONFLICT (run_id, tool_call_id) DO NOTHING
            """,
            new
            {
                runId,
                ids = calls.Select(c => c.ToolCallId).ToArray(),
                names = calls.Select(c => c.ToolName).ToArray(),
                arguments = calls.Select(c => c.Arguments.GetRawText()).ToArray(),
                expiresSeconds = expiresAfter?.TotalSeconds,
            },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ToolApproval>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApprovalRow>(new CommandDefinition(
            SelectAllOfRun,
            new { runId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToApproval())];
    }

    /// <summary>Whether any approval of the run still waits for an answer.</summary>
    public async Task<bool> HasPendingAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM tool_approvals WHERE run_id = @runId AND status = 'pending')",
            new { runId }, cancellationToken: cancellationToken));
    }

    /// <summary>One page of a run's approvals, oldest first.</summary>
    public async Task<Page<ToolApproval>> ListAsync(Guid runId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApprovalRow>(new CommandDefinition(
            $"{SelectAllOfRun} LIMIT @Limit OFFSET @Offset",
            new { runId, page.Limit, page.Offset }, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM tool_approvals WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken));
        return new Page<ToolApproval>([.. rows.Select(r => r.ToApproval())], total, page.Limit, page.Offset);
    }

    /// <summary>Answers a pending approval. Giving the same answer again changes nothing and is not an error.</summary>
    public async Task<ApprovalAnswer> AnswerAsync(
        Guid runId, string toolCallId, ApprovalDecision decision, string? argumentsJson, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var status = decision == ApprovalDecision.Approve ? "approved" : "denied";
        var updated = await connection.QuerySingleOrDefaultAsync<ApprovalRow>(new CommandDefinition(
            $"""
            UPDATE tool_approvals SET status = @status, decided_arguments = @arguments::jsonb, reason = @reason, decided_at = now()
            WHERE run_id = @runId AND tool_call_id = @toolCallId AND status = 'pending'
            RETURNING {Columns}
            """,
            new { runId, toolCallId, status, arguments = argumentsJson, reason },
            cancellationToken: cancellationToken));
        if (updated is null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<ApprovalRow>(new CommandDefinition(
                $"SELECT {Columns} FROM tool_approvals WHERE run_id = @runId AND tool_call_id = @toolCallId",
                new { runId, toolCallId }, cancellationToken: cancellationToken));
            if (existing is null)
            {
                return new ApprovalAnswer.NotFound();
            }

            var approval = existing.ToApproval();
            var same = approval.Status.ToDb() == status
                && approval.Reason == reason
                && (argumentsJson is null || (approval.DecidedArguments is { } decided && JsonEquals(decided.GetRawText(), argumentsJson)));
            return same ? new ApprovalAnswer.Recorded(approval) : new ApprovalAnswer.AlreadyDecided(approval);
        }

        return new ApprovalAnswer.Recorded(updated.ToApproval());
    }

    /// <summary>Marks overdue approvals expired; returns the runs they belong to.</summary>
    public async Task<IReadOnlyList<Guid>> ExpireOverdueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var runIds = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE tool_approvals SET status = 'expired', reason = 'The approval expired.', decided_at = now()
            WHERE status = 'pending' AND expires_at < now()
            RETURNING run_id
            """,
            cancellationToken: cancellationToken));
        return [.. runIds.Distinct()];
    }

    private static bool JsonEquals(string left, string right) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(left), System.Text.Json.Nodes.JsonNode.Parse(right));

    internal sealed class ApprovalRow
    {
        public Guid RunId { get; init; }
        public string ToolCallId { get; init; } = "";
        public string ToolName { get; init; } = "";
        public string Arguments { get; init; } = "{}";
        public string Status { get; init; } = "";
        public string? DecidedArguments { get; init; }
        public string? Reason { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? DecidedAt { get; init; }

        public ToolApproval ToApproval() => new(
            RunId, ToolCallId, ToolName, Json.EverrunsJson.ParseElement(Arguments), DbValues.ParseEnum<ApprovalStatus>(Status),
            DbValues.ParseJsonOrNull(DecidedArguments), Reason, CreatedAt.ToOffset(), ExpiresAt.ToOffset(), DecidedAt.ToOffset());
    }
}
