using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Runs;

/// <summary>A run this process holds, as the lease renewal sees it.</summary>
public sealed record HeldRun(Guid Id, bool CancelRequested);

/// <summary>
/// The runs table as a work queue: executors claim pending runs (or runs whose holder died: its lease expired)
/// with <c>FOR UPDATE SKIP LOCKED</c>, hold them under a lease they renew, and finish them.
/// </summary>
public sealed class RunQueue(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Claims up to <paramref name="max"/> runs. <paramref name="executing"/>: runs this executor is working on
    /// already; a late lease renewal must not make it claim one of its own runs a second time.
    /// </summary>
    public async Task<IReadOnlyList<Run>> ClaimAsync(
        string owner, TimeSpan lease, int max, IReadOnlyCollection<Guid> executing, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunStore.RunRow>(new CommandDefinition(
            $"""
            UPDATE runs r SET
                status = 'running',
                attempt = r.attempt + 1,
                lease_owner = @owner,
                lease_expires_at = now() + make_interval(secs => @leaseSeconds),
                started_at = coalesce(r.started_at, now()),
                updated_at = now()
            FROM (
                SELECT id FROM runs
                WHERE (status = 'pending' OR (status = 'running' AND lease_expires_at < now()))
                  AND NOT (id = ANY(@executing))
                ORDER BY created_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            ) claimable
            WHERE r.id = claimable.id
            RETURNING {Prefixed("r")}
            """,
            new { owner, leaseSeconds = lease.TotalSeconds, max, executing = executing.ToArray() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRun())];
    }

    /// <summary>Extends the leases of the runs this process holds; runs missing from the answer are no longer ours.</summary>
    public async Task<IReadOnlyList<HeldRun>> RenewAsync(
        string owner, IReadOnlyCollection<Guid> runIds, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HeldRunRow>(new CommandDefinition(
            """
            UPDATE runs SET lease_expires_at = now() + make_interval(secs => @leaseSeconds)
            WHERE id = ANY(@ids) AND lease_owner = @owner AND status = 'running'
            RETURNING id, cancel_requested
            """,
            new { owner, ids = runIds.ToArray(), leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new HeldRun(r.Id, r.CancelRequested))];
    }

    /// <summary>Ends a run this owner holds. False when the lease was lost to another executor.</summary>
    public async Task<bool> FinishAsync(Guid runId, string owner, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        if (!status.IsTerminal() && status != RunStatus.Waiting)
        {
            throw new ArgumentException($"{status} does not end a run's turn.", nameof(status));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE runs SET
                status = @status,
                error = @error,
                lease_owner = NULL,
                lease_expires_at = NULL,
                finished_at = CASE WHEN @status = 'waiting' THEN NULL ELSE now() END,
                updated_at = now()
            WHERE id = @runId AND lease_owner = @owner AND status = 'running'
            """,
            new { runId, owner, status = status.ToDb(), error },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", RunStore.Columns.Split(',').Select(c => $"{alias}.{c.Trim()}"));

    private sealed class HeldRunRow
    {
        public Guid Id { get; init; }
        public bool CancelRequested { get; init; }
    }
}
