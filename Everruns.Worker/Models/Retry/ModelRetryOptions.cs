namespace Everruns.Worker.Models;

/// <summary>
/// How failed model calls are repeated (<c>Models:MaxRetries</c>, <c>Models:RetryBaseDelayMs</c>, <c>Models:RetryMaxDelayMs</c>,
/// <c>Models:RateLimitMaxWaitSeconds</c>).
/// </summary>
public sealed record ModelRetryOptions
{
    /// <summary>Retries after the first attempt for transient errors (5xx, 408, network); 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; it doubles on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Caps the backoff, and a Retry-After that comes with a transient error other than a rate limit.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest one model call waits, in all, for a provider that rate limits it (429). Each wait is the provider's
    /// Retry-After (or the backoff when it gives none); the call fails with <see cref="ModelRateLimitedException"/> once
    /// this is spent. 0 gives up at the first 429.
    /// </summary>
    public TimeSpan RateLimitMaxWait { get; init; } = TimeSpan.FromMinutes(2);
}
