using Dapper;
using Npgsql;

namespace Everruns.Tests.Secrets;

/// <summary>The agents table as PostgreSQL holds it, read and written around the API.</summary>
internal static class RawAgents
{
    public static async Task<string> DefinitionAsync(string connectionString, string agentId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<string>(
            "SELECT definition::text FROM agents WHERE id = @Id", new { Id = Guid.Parse(agentId) });
    }

    /// <summary>Every tool secret of every agent, as stored.</summary>
    public static async Task<List<string>> AllSecretsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var secrets = await connection.QueryAsync<string>(
            "SELECT tool->>'secret' FROM agents, jsonb_array_elements(definition->'tools') AS tool WHERE tool ? 'secret'");
        return secrets.AsList();
    }

    /// <summary>An agent as an older version wrote it, before secrets were encrypted.</summary>
    public static async Task<Guid> InsertAsync(string connectionString, string definitionJson)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<Guid>(
            "INSERT INTO agents (name, default_model_id, definition) VALUES ('legacy', 'sim/echo', @Definition::jsonb) RETURNING id",
            new { Definition = definitionJson });
    }

    /// <summary>Waits until every stored tool secret starts with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> WaitForAllSecretsAsync(string connectionString, string prefix, int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var secrets = await AllSecretsAsync(connectionString);
            if (secrets.Count == expected && secrets.All(secret => secret.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return secrets;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Stored secrets are not all under {prefix}: {string.Join(", ", secrets.Select(s => s.Split(':').Take(3).Aggregate((a, b) => $"{a}:{b}")))}");
            await Task.Delay(100);
        }
    }
}
