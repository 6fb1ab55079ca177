using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Npgsql;

namespace Everruns.Data.Approvals;

/// <summary>
/// Approvals of tool calls. A run waits (status <c>waiting</c>, no executor) while any of its approvals is pending;
/// the answer to its last pending approval puts it back in the queue.
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

    /// <summary>
    /// Answers a pending approval. Giving the same answer again changes nothing and is not an error. When no
    /// approval of the run is pending any more, the waiting run goes back to the queue.
    /// </summary>
    public async Task<ApprovalAnswer> AnswerAsync(
        Guid runId, string toolCallId, ApprovalDecision decision, string? argumentsJson, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var status = decision == ApprovalDecision.Approve ? "approved" : "denied";
        var updated = await connection.QuerySingleOrDefaultAsync<ApprovalRow>(new CommandDefinition(
            $"""
            UPDATE tool_approvals SET status = @status, decided_arguments = @arguments::jsonb, reason = @reason, decided_at = now()
            WHERE run_id = @runId AND tool_call_id = @toolCallId AND status = 'pending'
            RETURNING {Columns}
            """,
            new { runId, toolCallId, status, arguments = argumentsJson, reason },
            transaction,
            cancellationToken: cancellationToken));
        if (updated is null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<ApprovalRow>(new CommandDefinition(
                $"SELECT {Columns} FROM tool_approvals WHERE run_id = @runId AND tool_call_id = @toolCallId",
                new { runId, toolCallId }, transaction, cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            if (existing is null)
            {
                return new ApprovalAnswer.NotFound();
            }

            var approval = existing.ToApproval();
            var same = approval.Status.ToDb() == status
                && approval.Reason == reason
                && (argumentsJson is null || (approval.DecidedArguments is { } decided && JsonEquals(decided.GetRawText(), argumentsJson)));
            return same ? new ApprovalAnswer.Recorded(approval, RunResumed: false) : new ApprovalAnswer.AlreadyDecided(approval);
        }

        var resumed = await ResumeIfDecidedAsync(connection, transaction, runId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ApprovalAnswer.Recorded(updated.ToApproval(), resumed);
    }

    /// <summary>Marks overdue approvals expired and puts the runs that no longer wait back in the queue.</summary>
    public async Task<int> ExpireOverdueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var runIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE tool_approvals SET status = 'expired', reason = 'The approval expired.', decided_at = now()
            WHERE status = 'pending' AND expires_at < now()
            RETURNING run_id
            """,
            transaction: transaction,
            cancellationToken: cancellationToken))).Distinct().ToList();
        foreach (var runId in runIds)
        {
            await ResumeIfDecidedAsync(connection, transaction, runId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return runIds.Count;
    }

    /// <summary>
    /// Puts a waiting run back in the queue when none of its approvals is pending. Called after a run starts to
    /// wait, for the answers that came while it was still on its way there.
    /// </summary>
    public async Task<bool> ResumeIfDecidedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var resumed = await ResumeIfDecidedAsync(connection, transaction, runId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return resumed;
    }

    private static async Task<bool> ResumeIfDecidedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid runId, CancellationToken cancellationToken)
    {
        var resumed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE runs SET status = 'pending', updated_at = now()
            WHERE id = @runId AND status = 'waiting'
              AND NOT EXISTS (SELECT 1 FROM tool_approvals WHERE run_id = @runId AND status = 'pending')
            """,
            new { runId }, transaction, cancellationToken: cancellationToken)) == 1;
        if (resumed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_notify(@channel, @id)",
                new { channel = NotificationChannels.RunsReady, id = runId.ToString() },
                transaction,
                cancellationToken: cancellationToken));
        }

        return resumed;
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
