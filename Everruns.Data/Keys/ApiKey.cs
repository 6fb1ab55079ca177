namespace Everruns.Data.Keys;

/// <summary>What a key may do: admin keys manage keys, member keys use the rest of the API.</summary>
public enum ApiKeyRole
{
    Member,
    Admin,
}

/// <summary>
/// An API key as stored: its name, role and a prefix to recognise it by, never the key itself.
/// <see cref="CreatedBy"/> is the key that made it; null when the bootstrap key (or an open API) made it.
/// </summary>
public sealed record ApiKey(
    Guid Id,
    string Name,
    string Prefix,
    ApiKeyRole Role,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key just made: the only time its secret value exists outside the caller's hands.</summary>
public sealed record NewApiKey(ApiKey Key, string Secret);

/// <summary>A revoked key and the keys revoked with it because it made them (directly or through others).</summary>
public sealed record ApiKeyRevocation(ApiKey Key, IReadOnlyList<Guid> AlsoRevoked)
{
    public IEnumerable<Guid> AllIds => AlsoRevoked.Prepend(Key.Id);
}
