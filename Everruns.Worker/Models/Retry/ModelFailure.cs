namespace Everruns.Worker.Models;

/// <summary>What a failed model call means for retrying it.</summary>
/// <param name="IsTransient">Repeating the same call may succeed (429, 408, 5xx, network errors).</param>
/// <param name="StatusCode">The provider's HTTP status, when there was a response.</param>
/// <param name="RetryAfter">How long the provider asked to wait, when it said so.</param>
public readonly record struct ModelFailure(bool IsTransient, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The provider refused the call for its rate limit (429): waited out, not counted as a retry.</summary>
    public bool IsRateLimited => StatusCode == 429;
}
