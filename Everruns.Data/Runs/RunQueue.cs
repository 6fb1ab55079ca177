using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Npgsql;

namespace Everruns.Data.Runs;

/// <summary>A run this process holds, as the lease renewal sees it.</summary>
public sealed record HeldRun(Guid Id, bool CancelRequested);

/// <summary>What a durable workflow found when it took its run: the run (null when unknown) and whether it holds it now.</summary>
public sealed record RunAcquisition(Run? Run, bool Acquired);

/// <summary>
/// How a claim recognises a run whose holder is gone: its holder's <see cref="LivenessLock"/> is not held (once
/// PostgreSQL has been up for <paramref name="RestartGrace"/>, so that holders can take their locks again after the
/// database restarted), or its lease has been expired for longer than <paramref name="SilentFor"/> (a holder that
/// is connected but has not renewed anything for that long).
/// </summary>
public sealed record OrphanRules(TimeSpan RestartGrace, TimeSpan SilentFor);

/// <summary>
/// The runs table as a work queue: executors claim pending runs (or runs whose holder died) with
/// <c>FOR UPDATE SKIP LOCKED</c>, hold them under a lease they renew, and finish them.
/// </summary>
public sealed class RunQueue(NpgsqlDataSource dataSource)
{
    private const string ClaimTemplate = """
        {0}
        UPDATE runs r SET
            status = 'running',
            attempt = r.attempt + 1,
            lease_owner = @owner,
            lease_expires_at = now() + make_interval(secs => @leaseSeconds),
            started_at = coalesce(r.started_at, now()),
            updated_at = now()
        FROM (
            SELECT id FROM runs c
            WHERE (c.status = 'pending'
                   OR (c.status = 'waiting' AND (c.cancel_requested OR NOT EXISTS (
                           SELECT 1 FROM tool_approvals a WHERE a.run_id = c.id AND a.status = 'pending')))
                   OR (c.status = 'running' AND (c.lease_owner IS NULL{1})))
              AND (@only::uuid IS NULL OR c.id = @only)
              AND NOT (c.id = ANY(@executing))
            ORDER BY created_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        ) claimable
        WHERE r.id = claimable.id
        RETURNING {2}
        """;

    private static readonly string ClaimSql = string.Format(
        System.Globalization.CultureInfo.InvariantCulture, ClaimTemplate, "", "", Prefixed("r"));

    // Runs of workflows (a lease that never expires) are never orphans: Temporal notices their dead workers.
    private static readonly string ClaimWithOrphansSql = string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        ClaimTemplate,
        $"""
        WITH live_locks AS MATERIALIZED ({LivenessLock.HeldLocksSql}),
        settled AS MATERIALIZED (SELECT pg_postmaster_start_time() < now() - make_interval(secs => @graceSeconds) AS yes)
        """,
        $"""

                       OR (c.lease_expires_at < 'infinity'
                           AND (c.lease_expires_at < now() - make_interval(secs => @silentSeconds)
                                OR ((SELECT yes FROM settled) AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, LivenessLock.NotHeldSql, "c.lease_owner")})))
        """,
        Prefixed("r"));

    /// <summary>
    /// Claims up to <paramref name="max"/> runs (only run <paramref name="only"/>, when given): pending ones, waiting
    /// ones none of whose approvals is pending any more (or whose cancel was asked for), running ones nobody holds
    /// (their holder let go of them), and, with <paramref name="orphans"/>, running ones whose holder is gone. <paramref name="executing"/>: runs this executor
    /// is working on; a late lease renewal must not make it claim one of its own runs a second time.
    /// </summary>
    public async Task<IReadOnlyList<Run>> ClaimAsync(
        string owner,
        TimeSpan lease,
        int max,
        IReadOnlyCollection<Guid> executing,
        CancellationToken cancellationToken,
        Guid? only = null,
        OrphanRules? orphans = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunStore.RunRow>(new CommandDefinition(
            orphans is null ? ClaimSql : ClaimWithOrphansSql,
            new
            {
                owner,
                leaseSeconds = lease.TotalSeconds,
                max,
                executing = executing.ToArray(),
                only,
                graceSeconds = orphans?.RestartGrace.TotalSeconds ?? 0,
                silentSeconds = orphans?.SilentFor.TotalSeconds ?? 0,
            },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRun())];
    }

    /// <summary>
    /// Lets go of runs this executor holds without ending them (it stops, or they stopped here): any executor may
    /// claim them at once.
    /// </summary>
    public async Task ReleaseAsync(string owner, IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH held AS (
                SELECT id FROM runs WHERE id = ANY(@ids) AND lease_owner = @owner AND status = 'running'
                ORDER BY id
                FOR NO KEY UPDATE
            )
            UPDATE runs r SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            FROM held
            WHERE r.id = held.id
            """,
            new { owner, ids = runIds.ToArray() },
            cancellationToken: cancellationToken));
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
            WITH held AS (
                SELECT id FROM runs WHERE id = ANY(@ids) AND lease_owner = @owner AND status = 'running'
                ORDER BY id
                FOR NO KEY UPDATE
            )
            UPDATE runs r SET lease_expires_at = now() + make_interval(secs => @leaseSeconds)
            FROM held
            WHERE r.id = held.id AND r.lease_owner = @owner AND r.status = 'running'
            RETURNING r.id, r.cancel_requested
            """,
            new { owner, ids = runIds.ToArray(), leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new HeldRun(r.Id, r.CancelRequested))];
    }

    /// <summary>
    /// Takes a run for a durable workflow that drives it (Temporal mode): a pending run, a waiting run whose approvals
    /// are all decided (or whose cancel was asked for), or one whose lease expired, becomes running under
    /// <paramref name="owner"/> with <c>attempt + 1</c> and a lease that never expires (the workflow engine, not a
    /// lease, notices a dead worker). Taking it again as the same owner changes nothing, so a retried step may call
    /// this freely.
    /// </summary>
    public async Task<RunAcquisition> AcquireForWorkflowAsync(Guid runId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunStore.RunRow>(new CommandDefinition(
            $"""
            UPDATE runs SET
                status = 'running',
                attempt = CASE WHEN lease_owner IS NOT DISTINCT FROM @owner AND status = 'running' THEN attempt ELSE attempt + 1 END,
                lease_owner = @owner,
                lease_expires_at = 'infinity',
                started_at = coalesce(started_at, now()),
                updated_at = CASE WHEN lease_owner IS NOT DISTINCT FROM @owner AND status = 'running' THEN updated_at ELSE now() END
            WHERE id = @runId
              AND (status = 'pending'
                   OR (status = 'waiting' AND (cancel_requested OR NOT EXISTS (
                           SELECT 1 FROM tool_approvals a WHERE a.run_id = runs.id AND a.status = 'pending')))
                   OR (status = 'running' AND (lease_owner = @owner OR lease_expires_at < now())))
            RETURNING {RunStore.Columns}
            """,
            new { runId, owner },
            cancellationToken: cancellationToken));
        if (row is not null)
        {
            return new RunAcquisition(row.ToRun(), Acquired: true);
        }

        var current = await connection.QuerySingleOrDefaultAsync<RunStore.RunRow>(new CommandDefinition(
            $"SELECT {RunStore.Columns} FROM runs WHERE id = @runId", new { runId }, cancellationToken: cancellationToken));
        return new RunAcquisition(current?.ToRun(), Acquired: false);
    }

    /// <summary>Tells the executors that a run may be claimed now.</summary>
    public Task AnnounceAsync(Guid runId, CancellationToken cancellationToken) =>
        NotifyAsync(NotificationChannels.RunsReady, runId, cancellationToken);

    /// <summary>Tells the executor of a run that its cancel was asked for (it would also see it at its next lease renewal).</summary>
    public Task AnnounceCancelAsync(Guid runId, CancellationToken cancellationToken) =>
        NotifyAsync(NotificationChannels.RunCancelRequested, runId, cancellationToken);

    /// <summary>The oldest pending runs created before <paramref name="createdBefore"/>: those a dispatcher may have missed.</summary>
    public async Task<IReadOnlyList<Guid>> ListPendingAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM runs WHERE status = 'pending' AND created_at < @createdBefore ORDER BY created_at LIMIT @max",
            new { createdBefore, max },
            cancellationToken: cancellationToken));
        return [.. ids];
    }

    /// <summary>Runs someone asked to cancel that have not ended yet.</summary>
    public async Task<IReadOnlyList<Guid>> ListCancelRequestedAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM runs WHERE cancel_requested AND status IN ('pending', 'running', 'waiting') ORDER BY updated_at LIMIT @max",
            new { max },
            cancellationToken: cancellationToken));
        return [.. ids];
    }

    /// <summary>Waiting runs none of whose approvals is pending any more: they may go on.</summary>
    public async Task<IReadOnlyList<Guid>> ListDecidedAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT id FROM runs r
            WHERE status = 'waiting' AND NOT EXISTS (SELECT 1 FROM tool_approvals a WHERE a.run_id = r.id AND a.status = 'pending')
            ORDER BY updated_at LIMIT @max
            """,
            new { max },
            cancellationToken: cancellationToken));
        return [.. ids];
    }

    private async Task NotifyAsync(string channel, Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_notify(@channel, @id)", new { channel, id = runId.ToString() }, cancellationToken: cancellationToken));
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", RunStore.Columns.Split(',').Select(c => $"{alias}.{c.Trim()}"));

    private sealed class HeldRunRow
    {
        public Guid Id { get; init; }
        public bool CancelRequested { get; init; }
    }
}
