namespace Everruns.Worker.Models;

/// <summary>
/// The provider kept answering 429 (rate limited) until the longest wait allowed (<c>Models:RateLimitMaxWaitSeconds</c>)
/// was spent. The run fails with code <c>model_rate_limited</c>; repeating the call at once would not help.
/// </summary>
public sealed class ModelRateLimitedException(TimeSpan waited, Exception innerException)
    : Exception(
        $"The model provider is rate limiting this model: it still answered 429 after {Describe(waited)} of waiting, " +
        "the longest Models:RateLimitMaxWaitSeconds allows.",
        innerException)
{
    public TimeSpan Waited { get; } = waited;

    private static string Describe(TimeSpan wait) => wait.TotalSeconds < 1
        ? FormattableString.Invariant($"{wait.TotalMilliseconds:0} ms")
        : FormattableString.Invariant($"{wait.TotalSeconds:0.#} s");
}
