namespace Everruns.Worker.Models;

/// <summary>How transient provider errors are retried (<c>Models:MaxRetries</c>, <c>Models:RetryBaseDelayMs</c>, <c>Models:RetryMaxDelayMs</c>).</summary>
public sealed record ModelRetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; it doubles on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Caps both the backoff and a provider's Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);
}
