using Dapper;
using Npgsql;

namespace Everruns.Data.Secrets;

/// <summary>
/// One pass over the agents whose tool secrets (MCP credentials, completion webhook secret) are in plaintext or under a key other than the active one:
/// each is re-encrypted and written back only if its definition is still the one that was read.
/// </summary>
public sealed class AgentSecretReencryption(NpgsqlDataSource dataSource, ToolSecretProtection tools, SecretProtector protector)
{
    public async Task<ReencryptionReport> RunOnceAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        int reencrypted = 0, unreadable = 0;
        var unreadableKeyIds = new SortedSet<string>(StringComparer.Ordinal);
        var after = Guid.Empty;
        while (true)
        {
            var batch = await FindAsync(after, batchSize, cancellationToken);
            foreach (var row in batch)
            {
                var result = tools.Reseal(row.Definition);
                if (result.UnreadableKeyIds.Count > 0)
                {
                    unreadable++;
                    unreadableKeyIds.UnionWith(result.UnreadableKeyIds);
                }

                if (result.Json is not null && await ReplaceDefinitionAsync(row.Id, row.Definition, result.Json, cancellationToken))
                {
                    reencrypted++;
                }
            }

            if (batch.Count < batchSize)
            {
                return new ReencryptionReport(reencrypted, unreadable, unreadableKeyIds);
            }

            after = batch[^1].Id;
        }
    }

    /// <summary>
    /// Writes <paramref name="replacement"/> if the stored definition still equals <paramref name="seen"/>, so that an
    /// edit made meanwhile is never overwritten (it was encrypted under the active key anyway). <c>updated_at</c> stays:
    /// the agent did not change.
    /// </summary>
    public async Task<bool> ReplaceDefinitionAsync(Guid id, string seen, string replacement, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE agents SET definition = @Replacement::jsonb WHERE id = @Id AND definition = @Seen::jsonb",
            new { Id = id, Seen = seen, Replacement = replacement },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    private async Task<List<StoredDefinition>> FindAsync(Guid after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredDefinition>(new CommandDefinition(
            """
            SELECT id, definition::text AS definition FROM agents
            WHERE id > @After
              AND (jsonb_path_exists(definition, '$.tools[*].secret ? (!(@ starts with $active))', jsonb_build_object('active', @Active::text))
                   OR jsonb_path_exists(definition, '$.completion_webhook.secret ? (!(@ starts with $active))', jsonb_build_object('active', @Active::text))
                   OR jsonb_path_exists(definition, '$.tools[*] ? (@.type == "mcp").headers.* ? (!(@ starts with $active))', jsonb_build_object('active', @Active::text))
                   OR jsonb_path_exists(definition, '$.tools[*] ? (@.type == "mcp").env.* ? (!(@ starts with $active))', jsonb_build_object('active', @Active::text)))
            ORDER BY id
            LIMIT @Limit
            """,
            new { After = after, Active = ProtectedValue.PrefixFor(protector.Ring.ActiveKeyId), Limit = limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private sealed record StoredDefinition(Guid Id, string Definition);
}

/// <param name="Reencrypted">Agents whose secrets were re-encrypted under the active key.</param>
/// <param name="Unreadable">Agents with a secret that could not be decrypted, which stays as it is.</param>
/// <param name="UnreadableKeyIds">The key ids of those secrets.</param>
public sealed record ReencryptionReport(int Reencrypted, int Unreadable, IReadOnlySet<string> UnreadableKeyIds);
