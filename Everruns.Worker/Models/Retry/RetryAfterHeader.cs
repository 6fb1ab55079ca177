using System.ClientModel.Primitives;
using System.Globalization;

namespace Everruns.Worker.Models;

/// <summary>Reads how long a provider asked to wait: <c>retry-after-ms</c> (OpenAI) or <c>Retry-After</c> (seconds or an HTTP date).</summary>
public static class RetryAfterHeader
{
    public static TimeSpan? Read(PipelineResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.TryGetValue("Retry-After", out var value) ? Parse(value, now) : null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
