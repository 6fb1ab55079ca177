namespace Everruns.Worker.Webhooks;

/// <summary>How one attempt of a delivery went, and what follows from it.</summary>
public abstract record DeliveryResult
{
    /// <summary>The receiver answered 2xx: done.</summary>
    public sealed record Delivered(int StatusCode) : DeliveryResult;

    /// <summary>A timeout, a network error, 408, 429 or 5xx: worth another attempt later.</summary>
    public sealed record Transient(int? StatusCode, string Error, TimeSpan? RetryAfter = null) : DeliveryResult;

    /// <summary>An answer or refusal that another attempt would not change (4xx, a redirect, a refused address).</summary>
    public sealed record Permanent(int? StatusCode, string Error) : DeliveryResult;
}
