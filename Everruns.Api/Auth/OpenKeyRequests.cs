using System.Collections.Concurrent;

namespace Everruns.Api.Auth;

/// <summary>
/// The requests of stored API keys in flight in this process, so that revoking a key ends them: an event stream of a
/// revoked key is cut off at once instead of following its run to the end. Revoked keys are also forgotten by
/// <see cref="ApiKeyCache"/>, so that their next request is refused.
/// </summary>
public sealed class OpenKeyRequests(ApiKeyCache cache, ILogger<OpenKeyRequests> logger)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<HttpContext, byte>> open = new();

    /// <summary>The keys with a request in flight.</summary>
    public IReadOnlyCollection<Guid> Keys => [.. open.Where(entry => !entry.Value.IsEmpty).Select(entry => entry.Key)];

    /// <summary>Stops tracking a request: revoking its key no longer ends it.</summary>
    public void Release(HttpContext context)
    {
        if (context.User.KeyId() is { } keyId && open.TryGetValue(keyId, out var requests))
        {
            requests.TryRemove(context, out _);
        }
    }

    /// <summary>Ends the requests of these keys, and forgets the keys.</summary>
    public void Revoked(IEnumerable<Guid> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            cache.Forget(keyId);
            if (!open.TryGetValue(keyId, out var requests))
            {
                continue;
            }

            var ended = 0;
            foreach (var context in requests.Keys)
            {
                if (requests.TryRemove(context, out _))
                {
                    context.Abort();
                    ended++;
                }
            }

            if (ended > 0)
            {
                logger.LogInformation("API key {KeyId} was revoked: ended its {Count} open request(s)", keyId, ended);
            }
        }
    }

    /// <summary>Tracks each request of a stored key while it runs.</summary>
    public sealed class Middleware(RequestDelegate next, OpenKeyRequests tracked)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            if (context.User.KeyId() is not { } keyId)
            {
                await next(context);
                return;
            }

            var requests = tracked.open.GetOrAdd(keyId, _ => new ConcurrentDictionary<HttpContext, byte>());
            requests[context] = 0;
            try
            {
                await next(context);
            }
            finally
            {
                requests.TryRemove(context, out _);
            }
        }
    }
}
