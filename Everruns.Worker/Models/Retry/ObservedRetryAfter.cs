using System.Runtime.CompilerServices;

namespace Everruns.Worker.Models;

/// <summary>
/// Carries a provider's Retry-After from where the HTTP response passes (<see cref="RetryAfterHandler"/>) to the
/// exception its SDK throws, for SDKs whose exceptions do not expose the response headers (Anthropic, Ollama).
/// Each model call attempt opens a slot; the handler fills it; a failed attempt copies it onto its exception.
/// </summary>
public static class ObservedRetryAfter
{
    private const string DataKey = "Everruns.RetryAfter";

    private static readonly AsyncLocal<StrongBox<TimeSpan?>?> Current = new();

    /// <summary>Starts watching the responses of the calls made from here on, in this async flow.</summary>
    public static StrongBox<TimeSpan?> Watch() => Current.Value = new StrongBox<TimeSpan?>();

    /// <summary>Records what the provider asked, for the attempt that is watching.</summary>
    public static void Record(TimeSpan wait)
    {
        if (Current.Value is { } slot)
        {
            slot.Value = wait;
        }
    }

    /// <summary>Remembers on the exception what the attempt's provider asked, when it asked anything.</summary>
    public static void Attach(Exception exception, StrongBox<TimeSpan?> slot)
    {
        if (slot.Value is { } wait)
        {
            exception.Data[DataKey] = wait;
        }
    }

    /// <summary>What the provider asked before the exception was thrown, when it was recorded.</summary>
    public static TimeSpan? Of(Exception exception) => exception.Data[DataKey] as TimeSpan?;
}
