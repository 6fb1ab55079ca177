namespace Everruns.Data.Keys;

/// <summary>An API key as stored: its name and a prefix to recognise it by, never the key itself.</summary>
public sealed record ApiKey(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key just made: the only time its secret value exists outside the caller's hands.</summary>
public sealed record NewApiKey(ApiKey Key, string Secret);
