using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Npgsql;

namespace Everruns.Data.Runs;

/// <summary>A run to create; without an <paramref name="AgentId"/>, the thread's agent answers.</summary>
public sealed record NewRun(
    Guid? AgentId,
    Guid ThreadId,
    string? IdempotencyKey,
    string? ExternalThreadId = null,
    string? ExternalRunId = null,
    RunInput? Input = null,
    Guid? CreatedBy = null,
    byte[]? IdempotencyFingerprint = null);

public sealed record RunFilter(RunStatus? Status, Guid? AgentId, Guid? ThreadId);

/// <summary>What happened when a run was asked for.</summary>
public abstract record RunCreation
{
    /// <summary>The run is stored. <paramref name="Context"/>: what it starts from, read with it when it was created claimed.</summary>
    public sealed record Created(Run Run, RunContext? Context = null) : RunCreation;

    /// <summary>The idempotency key was used before: this is the first run made with it.</summary>
    public sealed record Replayed(Run Run) : RunCreation;

    public sealed record ThreadBusy(Guid ActiveRunId) : RunCreation;

    /// <summary>The idempotency key was used before for another request (its fingerprint differs): no run was made.</summary>
    public sealed record IdempotencyKeyReused : RunCreation;

    /// <summary>No run was made: the thread or the agent does not exist, the agent is archived, or neither names an agent.</summary>
    public sealed record NoAgentToRun : RunCreation;
}

public abstract record RunCancellation
{
    public sealed record Done(Run Run) : RunCancellation;

    public sealed record AlreadyFinished(Run Run) : RunCancellation;

    public sealed record NotFound : RunCancellation;
}

/// <summary>Runs as stored: created, read, listed, flagged. Where they execute is not its business (see IRunExecution).</summary>
public sealed class RunStore(NpgsqlDataSource dataSource, RunContextStore contexts)
{
    internal const string Columns =
        "id, agent_id, thread_id, status, attempt, cancel_requested, error, input_tokens, output_tokens, " +
        "idempotency_key, created_at, started_at, finished_at, updated_at, external_thread_id, external_run_id, input::text AS input";

    private const string ActivePerThreadConstraint = "runs_one_active_per_thread";

    // The check of the thread and its agent, the insert and the executors' wake-up call in one statement: one round
    // trip per run created.
    private const string InsertSql = $"""
        WITH target AS (
            SELECT a.id FROM threads t JOIN agents a ON a.id = coalesce(@AgentId, t.agent_id)
            WHERE t.id = @ThreadId AND a.status <> 'archived'
        ),
        created AS (
            INSERT INTO runs (agent_id, thread_id, idempotency_key, idempotency_fingerprint, external_thread_id, external_run_id, input, created_by,
                              status, attempt, lease_owner, lease_expires_at, started_at)
            SELECT target.id, @ThreadId, @IdempotencyKey, @IdempotencyFingerprint, @ExternalThreadId, @ExternalRunId, @Input::jsonb, @CreatedBy,
                   CASE WHEN @Owner::text IS NULL THEN 'pending' ELSE 'running' END,
                   CASE WHEN @Owner::text IS NULL THEN 0 ELSE 1 END,
                   @Owner,
                   CASE WHEN @Owner::text IS NULL THEN NULL ELSE now() + make_interval(secs => @LeaseSeconds) END,
                   CASE WHEN @Owner::text IS NULL THEN NULL ELSE now() END
            FROM target
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING *
        )
        SELECT {Columns} FROM created,
            (SELECT count(pg_notify(@Channel, id::text)) FROM created WHERE status = 'pending') AS notified
        """;

    /// <summary>
    /// Stores a new run: pending (and announced to the executors), or, with a <paramref name="claim"/>, already
    /// running under it, its context read by the same command so that its executor starts without a round trip.
    /// </summary>
    public async Task<RunCreation> CreateAsync(NewRun run, HandoffClaim? claim = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (run.IdempotencyKey is not null)
        {
            var earlier = await FindByIdempotencyKeyAsync(connection, run, cancellationToken);
            if (earlier is not null)
            {
                return earlier;
            }
        }

        try
        {
            var (row, context) = await InsertAsync(connection, run, claim, cancellationToken);
            if (row is not null)
            {
                return new RunCreation.Created(row.ToRun(), context);
            }

            // Another request with the same key won the race, or there is no agent to run.
            var winner = run.IdempotencyKey is null ? null : await FindByIdempotencyKeyAsync(connection, run, cancellationToken);
            return winner ?? new RunCreation.NoAgentToRun();
        }
        catch (PostgresException e) when (UniqueViolation.Is(e, ActivePerThreadConstraint))
        {
            var active = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM runs WHERE thread_id = @ThreadId AND status IN ('pending', 'running', 'waiting')",
                run, cancellationToken: cancellationToken));
            if (active is null)
            {
                // The active run finished in the meantime; the caller may simply try again.
                throw;
            }

            return new RunCreation.ThreadBusy(active.Value);
        }
    }

    public async Task<Run?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToRun();
    }

    public async Task<Page<Run>> ListAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            Status = filter.Status?.ToDb(),
            filter.AgentId,
            filter.ThreadId,
            page.Limit,
            page.Offset,
        };
        const string Filter = """
            WHERE (@Status::text IS NULL OR status = @Status)
              AND (@AgentId::uuid IS NULL OR agent_id = @AgentId)
              AND (@ThreadId::uuid IS NULL OR thread_id = @ThreadId)
            """;
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs {Filter} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM runs {Filter}", parameters, cancellationToken: cancellationToken));
        return new Page<Run>([.. rows.Select(r => r.ToRun())], total, page.Limit, page.Offset);
    }

    /// <summary>The run on the thread that waits for approvals, if any.</summary>
    public async Task<Run?> FindWaitingAsync(Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE thread_id = @threadId AND status = 'waiting'",
            new { threadId }, cancellationToken: cancellationToken));
        return row?.ToRun();
    }

    /// <summary>Names the next turn of a waiting run with the run id an AG-UI client gave it.</summary>
    public async Task SetExternalRunIdAsync(Guid runId, string externalRunId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET external_run_id = @externalRunId, updated_at = now() WHERE id = @runId",
            new { runId, externalRunId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Flags a run to stop. Its status does not change here: the run ends cancelled, with its terminal event, when
    /// whoever executes it (or takes it to end it) has stopped it.
    /// </summary>
    public async Task<RunCancellation> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"""
            UPDATE runs SET cancel_requested = true, updated_at = now()
            WHERE id = @id AND status IN ('pending', 'running', 'waiting')
            RETURNING {Columns}
            """,
            new { id }, cancellationToken: cancellationToken));
        if (row is not null)
        {
            return new RunCancellation.Done(row.ToRun());
        }

        var existing = await GetAsync(id, cancellationToken);
        return existing is null ? new RunCancellation.NotFound() : new RunCancellation.AlreadyFinished(existing);
    }

    private async Task<(RunRow? Row, RunContext? Context)> InsertAsync(
        NpgsqlConnection connection, NewRun run, HandoffClaim? claim, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            claim is null ? InsertSql : $"{InsertSql};\n{RunContextStore.SelectAgentAndMessages}",
            new
            {
                run.AgentId,
                run.ThreadId,
                run.IdempotencyKey,
                run.IdempotencyFingerprint,
                run.ExternalThreadId,
                run.ExternalRunId,
                Input = run.Input is null ? null : Json.EverrunsJson.Serialize(run.Input),
                run.CreatedBy,
                Channel = NotificationChannels.RunsReady,
                claim?.Owner,
                LeaseSeconds = claim?.Lease.TotalSeconds ?? 0,
            },
            cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<RunRow>();
        var context = claim is null ? null : await contexts.ReadNewRunAsync(results);
        return (row, context);
    }

    /// <summary>The first run made with the run's idempotency key (replayed), or a refusal when it was made for another request.</summary>
    private static async Task<RunCreation?> FindByIdempotencyKeyAsync(NpgsqlConnection connection, NewRun run, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns}, idempotency_fingerprint FROM runs WHERE idempotency_key = @IdempotencyKey", run, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var sameRequest = (row.IdempotencyFingerprint ?? []).AsSpan().SequenceEqual(run.IdempotencyFingerprint ?? []);
        return sameRequest ? new RunCreation.Replayed(row.ToRun()) : new RunCreation.IdempotencyKeyReused();
    }

    internal sealed class RunRow
    {
        public Guid Id { get; init; }
        public Guid AgentId { get; init; }
        public Guid ThreadId { get; init; }
        public string Status { get; init; } = "";
        public int Attempt { get; init; }
        public bool CancelRequested { get; init; }
        public string? Error { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public string? IdempotencyKey { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string? ExternalThreadId { get; init; }
        public string? ExternalRunId { get; init; }
        public string? Input { get; init; }

        /// <summary>Read only where the idempotency key is looked up.</summary>
        public byte[]? IdempotencyFingerprint { get; init; }

        public Run ToRun() => new(
            Id, AgentId, ThreadId, DbValues.ParseEnum<RunStatus>(Status), Attempt, CancelRequested, Error,
            InputTokens, OutputTokens, IdempotencyKey,
            CreatedAt.ToOffset(), StartedAt.ToOffset(), FinishedAt.ToOffset(), UpdatedAt.ToOffset())
        {
            ExternalThreadId = ExternalThreadId,
            ExternalRunId = ExternalRunId,
            Input = Input is null ? null : Json.EverrunsJson.Deserialize<RunInput>(Input),
        };
    }
}
