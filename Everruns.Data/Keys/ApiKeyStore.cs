using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Keys;

public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, prefix, created_at, last_used_at, revoked_at";

    public async Task<NewApiKey> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.NewSecret();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<KeyRow>(new CommandDefinition(
            $"INSERT INTO api_keys (name, prefix, key_hash) VALUES (@name, @prefix, @hash) RETURNING {Columns}",
            new { name, prefix = ApiKeySecrets.PrefixOf(secret), hash = ApiKeySecrets.Hash(secret) },
            cancellationToken: cancellationToken));
        return new NewApiKey(row.ToKey(), secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys ORDER BY created_at DESC", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToKey())];
    }

    /// <summary>The live (not revoked) key with this secret value, if any.</summary>
    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = ApiKeySecrets.Hash(secret) }, cancellationToken: cancellationToken));
        return row?.ToKey();
    }

    public async Task<ApiKey?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id RETURNING {Columns}",
            new { id }, cancellationToken: cancellationToken));
        return row?.ToKey();
    }

    public async Task TouchAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET last_used_at = now() WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountActiveRunsAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM runs WHERE created_by = @keyId AND status IN ('pending', 'running', 'waiting')",
            new { keyId }, cancellationToken: cancellationToken));
    }

    private sealed class KeyRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public DateTime? RevokedAt { get; init; }

        public ApiKey ToKey() => new(Id, Name, Prefix, CreatedAt.ToOffset(), LastUsedAt.ToOffset(), RevokedAt.ToOffset());
    }
}
