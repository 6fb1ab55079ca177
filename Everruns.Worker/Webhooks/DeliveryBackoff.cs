namespace Everruns.Worker.Webhooks;

/// <summary>How long to wait before the next attempt of a delivery.</summary>
public static class DeliveryBackoff
{
    /// <summary>
    /// After attempt <paramref name="attempt"/>: the receiver's Retry-After if it gave one, else the base delay doubled
    /// per attempt, with ±20 % jitter so that many deliveries to one receiver spread out; at most the maximum delay.
    /// </summary>
    public static TimeSpan After(int attempt, TimeSpan? retryAfter, CompletionWebhookOptions options, Random random)
    {
        if (retryAfter is { } asked)
        {
            return asked < options.RetryMaxDelay ? asked : options.RetryMaxDelay;
        }

        var doubled = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var jittered = doubled * (0.8 + (0.4 * random.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.RetryMaxDelay.TotalMilliseconds));
    }
}
