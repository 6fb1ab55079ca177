using Npgsql;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Each table's row count and a digest (the sum of row hashes) of what the API changes in its rows (ids, statuses, decisions and the
/// <c>updated_at</c> every update sets). Rejected requests must leave both alone.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, TableState> Tables)
{
    private static readonly IReadOnlyDictionary<string, string> Digested = new Dictionary<string, string>
    {
        ["agents"] = "id::text || updated_at::text || status",
        ["threads"] = "id::text || updated_at::text",
        ["messages"] = "id::text",
        ["runs"] = "id::text || status || updated_at::text || cancel_requested::text || coalesce(external_run_id, '')",
        ["run_events"] = "run_id::text || seq::text",
        ["tool_approvals"] = "run_id::text || tool_call_id || status || coalesce(decided_at::text, '') || coalesce(reason, '')",
        ["schedules"] = "id::text || updated_at::text || status",
        ["schedule_fires"] = "id::text || coalesce(outcome, '')",
    };

    public static readonly IReadOnlyList<string> TableNames = [.. Digested.Keys];

    private static readonly string Query = string.Join(
        " UNION ALL ",
        Digested.Select(table => $"SELECT '{table.Key}', count(*), coalesce(sum(hashtext({table.Value})), 0) FROM {table.Key}"));

    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new Dictionary<string, TableState>();
        while (await reader.ReadAsync())
        {
            tables[reader.GetString(0)] = new TableState(reader.GetInt64(1), reader.GetInt64(2));
        }

        return new DatabaseSnapshot(tables);
    }

    public override string ToString() => string.Join(", ", TableNames.Select(table => $"{table} {Tables[table]}"));
}

public sealed record TableState(long Rows, long Digest)
{
    public override string ToString() => $"{Rows} rows (digest {Digest})";
}
