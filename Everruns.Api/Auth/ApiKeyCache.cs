using System.Collections.Concurrent;
using Everruns.Data.Keys;

namespace Everruns.Api.Auth;

/// <summary>
/// The keys this process checked lately, so that streaming clients do not cost a query per request, and when each
/// was last marked as used. A revoked key is forgotten at once (<see cref="Forget"/>); an entry is trusted for
/// <see cref="Remembered"/> at most.
/// </summary>
public sealed class ApiKeyCache
{
    public static readonly TimeSpan Remembered = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> recent = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> touched = new();

    public ApiKey? Find(string secret, DateTimeOffset now) =>
        recent.TryGetValue(secret, out var entry) && entry.Until > now ? entry.Key : null;

    public void Remember(string secret, ApiKey key, DateTimeOffset now) => recent[secret] = (key, now + Remembered);

    public void Drop(string secret) => recent.TryRemove(secret, out _);

    /// <summary>Whether the key's last use should be stored now (at most once a minute per key and process).</summary>
    public bool ShouldTouch(Guid keyId, DateTimeOffset now)
    {
        if (touched.TryGetValue(keyId, out var last) && now - last <= TouchEvery)
        {
            return false;
        }

        touched[keyId] = now;
        return true;
    }

    public void Forget(Guid keyId)
    {
        foreach (var (secret, entry) in recent)
        {
            if (entry.Key.Id == keyId)
            {
                recent.TryRemove(secret, out _);
            }
        }
    }
}
