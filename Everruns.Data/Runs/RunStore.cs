using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Runs;

public sealed record NewRun(Guid AgentId, Guid ThreadId, string? IdempotencyKey);

public sealed record RunFilter(RunStatus? Status, Guid? AgentId, Guid? ThreadId);

/// <summary>What happened when a run was asked for.</summary>
public abstract record RunCreation
{
    public sealed record Created(Run Run) : RunCreation;

    /// <summary>The idempotency key was used before: this is the first run made with it.</summary>
    public sealed record Replayed(Run Run) : RunCreation;

    public sealed record ThreadBusy(Guid ActiveRunId) : RunCreation;
}

public abstract record RunCancellation
{
    public sealed record Done(Run Run) : RunCancellation;

    public sealed record AlreadyFinished(Run Run) : RunCancellation;

    public sealed record NotFound : RunCancellation;
}

public sealed class RunStore(NpgsqlDataSource dataSource)
{
    internal const string Columns =
        "id, agent_id, thread_id, status, attempt, cancel_requested, error, input_tokens, output_tokens, " +
        "idempotency_key, created_at, started_at, finished_at, updated_at";

    private const string ActivePerThreadConstraint = "runs_one_active_per_thread";

    public async Task<RunCreation> CreateAsync(NewRun run, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (run.IdempotencyKey is not null)
        {
            var earlier = await FindByIdempotencyKeyAsync(connection, run.IdempotencyKey, cancellationToken);
            if (earlier is not null)
            {
                return new RunCreation.Replayed(earlier);
            }
        }

        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
                $"""
                INSERT INTO runs (agent_id, thread_id, idempotency_key)
                VALUES (@AgentId, @ThreadId, @IdempotencyKey)
                ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING {Columns}
                """,
                run, cancellationToken: cancellationToken));
            if (row is not null)
            {
                return new RunCreation.Created(row.ToRun());
            }

            // Another request with the same key won the race.
            var winner = await FindByIdempotencyKeyAsync(connection, run.IdempotencyKey!, cancellationToken);
            return new RunCreation.Replayed(winner!);
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

    /// <summary>
    /// Asks a run to stop. A pending run is cancelled at once; a running or waiting one is flagged
    /// and its executor ends it.
    /// </summary>
    public async Task<RunCancellation> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"""
            UPDATE runs SET
                cancel_requested = true,
                status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
                finished_at = CASE WHEN status = 'pending' THEN now() ELSE finished_at END,
                updated_at = now()
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

    private static async Task<Run?> FindByIdempotencyKeyAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE idempotency_key = @key", new { key }, cancellationToken: cancellationToken));
        return row?.ToRun();
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

        public Run ToRun() => new(
            Id, AgentId, ThreadId, DbValues.ParseEnum<RunStatus>(Status), Attempt, CancelRequested, Error,
            InputTokens, OutputTokens, IdempotencyKey,
            CreatedAt.ToOffset(), StartedAt.ToOffset(), FinishedAt.ToOffset(), UpdatedAt.ToOffset());
    }
}
