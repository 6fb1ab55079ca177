using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Runs;
using Npgsql;

namespace Everruns.Data.Events;

public sealed class RunEventStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "run_id, seq, type, payload::text AS json, created_at";

    /// <summary>The events of a run after <paramref name="afterSeq"/>, in order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ListAfterAsync(
        Guid runId, long afterSeq, int limit = 1000, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM run_events WHERE run_id = @runId AND seq > @afterSeq ORDER BY seq LIMIT @limit",
            new { runId, afterSeq, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }

    /// <summary>
    /// A run's status with its events after <paramref name="afterSeq"/> (at most <paramref name="limit"/>), read in one
    /// round trip and one snapshot, so a run that has ended shows every event it stored. Null when there is no such run.
    /// </summary>
    public async Task<RunEventsPage?> ReadRunAsync(Guid runId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RunEventRow>(new CommandDefinition(
            $"""
            SELECT r.status AS run_status, e.seq, e.type, e.json, e.created_at
            FROM runs r
            LEFT JOIN LATERAL (
                SELECT {Columns} FROM run_events WHERE run_id = r.id AND seq > @afterSeq ORDER BY seq LIMIT @limit
            ) e ON true
            WHERE r.id = @runId
            ORDER BY e.seq
            """,
            new { runId, afterSeq, limit }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var events = rows.Where(r => r.Seq is not null).Select(r => new StoredEvent(runId, r.Seq!.Value, r.Type!, r.Json!, r.CreatedAt!.Value.ToOffset()));
        return new RunEventsPage(DbValues.ParseEnum<RunStatus>(rows[0].RunStatus), [.. events]);
    }

    /// <summary>The events of every run of a thread, run by run in the order the runs were created.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ListForThreadAsync(Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT e.run_id, e.seq, e.type, e.payload::text AS json, e.created_at
            FROM run_events e JOIN runs r ON r.id = e.run_id
            WHERE r.thread_id = @threadId
            ORDER BY r.created_at, r.id, e.seq
            """,
            new { threadId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }

    public async Task<long> LastSeqAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(max(seq), 0) FROM run_events WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken));
    }

    private sealed class RunEventRow
    {
        public string RunStatus { get; init; } = "";
        public long? Seq { get; init; }
        public string? Type { get; init; }
        public string? Json { get; init; }
        public DateTime? CreatedAt { get; init; }
    }

    internal sealed class EventRow
    {
        public Guid RunId { get; init; }
        public long Seq { get; init; }
        public string Type { get; init; } = "";
        public string Json { get; init; } = "{}";
        public DateTime CreatedAt { get; init; }

        public StoredEvent ToEvent() => new(RunId, Seq, Type, Json, CreatedAt.ToOffset());
    }
}
