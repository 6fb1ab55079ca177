using System.Collections.Concurrent;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Everruns.Api.Auth;
using Everruns.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Http;

public sealed class KeyLimitOptions
{
    public const string Section = "Limits";

    public int MaxConcurrentRunsPerKey { get; set; } = 100;

    public int MaxStreamsPerKey { get; set; } = 100;

    public int StreamsPerMinutePerKey { get; set; } = 600;
}

/// <summary>
/// What one API key may use at once: active runs, open event streams, and new streams per minute. The limits
/// apply to stored keys (Auth:Mode=ApiKey); the bootstrap key and an open API are not limited. Streams are
/// counted per process.
/// </summary>
public sealed class KeyLimits(KeyLimitOptions options, ApiKeyStore keys)
{
    private readonly ConcurrentDictionary<Guid, int> openStreams = new();
    private readonly PartitionedRateLimiter<Guid> streamRate = PartitionedRateLimiter.Create<Guid, Guid>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.StreamsPerMinutePerKey,
            Window = TimeSpan.FromMinutes(1),
        }));

    /// <summary>A 429 when the caller's key has as many active runs as it may; null when it may start one.</summary>
    public async Task<ProblemHttpResult?> CheckNewRunAsync(ClaimsPrincipal user, HttpContext context, CancellationToken cancellationToken)
    {
        if (user.KeyId() is not { } keyId || await keys.CountActiveRunsAsync(keyId, cancellationToken) < options.MaxConcurrentRunsPerKey)
        {
            return null;
        }

        return TooMany(context, 5, $"This API key has {options.MaxConcurrentRunsPerKey} active runs, its limit; wait for one to end.");
    }

    /// <summary>Opens an event stream for the caller, or gives the 429 that says why not. Dispose the slot when the stream ends.</summary>
    public (IDisposable? Slot, ProblemHttpResult? Refused) OpenStream(ClaimsPrincipal user, HttpContext context)
    {
        if (user.KeyId() is not { } keyId)
        {
            return (new Slot(() => { }), null);
        }

        using var lease = streamRate.AttemptAcquire(keyId);
        if (!lease.IsAcquired)
        {
            return (null, TooMany(context, 60, $"This API key opened {options.StreamsPerMinutePerKey} event streams in the last minute, its limit."));
        }

        if (openStreams.AddOrUpdate(keyId, 1, (_, open) => open + 1) > options.MaxStreamsPerKey)
        {
            openStreams.AddOrUpdate(keyId, 0, (_, open) => open - 1);
            return (null, TooMany(context, 5, $"This API key has {options.MaxStreamsPerKey} open event streams, its limit."));
        }

        return (new Slot(() => openStreams.AddOrUpdate(keyId, 0, (_, open) => open - 1)), null);
    }

    private static ProblemHttpResult TooMany(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail);
    }

    private sealed class Slot(Action release) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                release();
            }
        }
    }
}
