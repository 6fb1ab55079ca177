using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Events;

public sealed class RunEventStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "run_id, seq, type, payload::text AS payload, created_at";

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

    internal sealed class EventRow
    {
        public Guid RunId { get; init; }
        public long Seq { get; init; }
        public string Type { get; init; } = "";
        public string Payload { get; init; } = "{}";
        public DateTime CreatedAt { get; init; }

        public StoredEvent ToEvent() => new(RunId, Seq, Type, Json.EverrunsJson.ParseElement(Payload), CreatedAt.ToOffset());
    }
}
