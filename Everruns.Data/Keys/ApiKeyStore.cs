using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Npgsql;

namespace Everruns.Data.Keys;

public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, prefix, role, created_by, created_at, last_used_at, revoked_at";

    public async Task<NewApiKey> CreateAsync(string name, ApiKeyRole role, Guid? createdBy, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.NewSecret();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<KeyRow>(new CommandDefinition(
            $"""
            INSERT INTO api_keys (name, prefix, key_hash, role, created_by)
            VALUES (@name, @prefix, @hash, @role, @createdBy)
            RETURNING {Columns}
            """,
            new { name, prefix = ApiKeySecrets.PrefixOf(secret), hash = ApiKeySecrets.Hash(secret), role = role.ToDb(), createdBy },
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

    /// <summary>
    /// Revokes a key and every live key it made, directly or through keys it made, in one statement; every API process
    /// hears of each revoked key on <see cref="NotificationChannels.ApiKeysRevoked"/>. Null when there is no such key.
    /// </summary>
    public async Task<ApiKeyRevocation?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"""
            WITH RECURSIVE made AS (
                SELECT id FROM api_keys WHERE created_by = @id
                UNION
                SELECT k.id FROM api_keys k JOIN made ON k.created_by = made.id
            ),
            revoked AS (
                UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
                WHERE id = @id OR (id IN (SELECT id FROM made) AND revoked_at IS NULL)
                RETURNING {Columns}
            ),
            notified AS (SELECT count(pg_notify(@channel, id::text)) FROM revoked)
            SELECT revoked.* FROM revoked, notified
            """,
            new { id, channel = NotificationChannels.ApiKeysRevoked }, cancellationToken: cancellationToken))).ToList();
        var key = rows.FirstOrDefault(r => r.Id == id);
        return key is null ? null : new ApiKeyRevocation(key.ToKey(), [.. rows.Where(r => r.Id != id).Select(r => r.Id)]);
    }

    /// <summary>Which of these keys are revoked now.</summary>
    public async Task<IReadOnlyList<Guid>> ListRevokedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var revoked = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM api_keys WHERE id = ANY(@ids) AND revoked_at IS NOT NULL",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
        return [.. revoked];
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
        public string Role { get; init; } = "";
        public Guid? CreatedBy { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public DateTime? RevokedAt { get; init; }

        public ApiKey ToKey() => new(
            Id, Name, Prefix, DbValues.ParseEnum<ApiKeyRole>(Role), CreatedBy, CreatedAt.ToOffset(), LastUsedAt.ToOffset(), RevokedAt.ToOffset());
    }
}
