using System.Net;
using System.Text;
using System.Text.Json;

namespace Everruns.Worker.Tools;

/// <summary>The answer to one webhook request.</summary>
public sealed record WebhookAttempt(HttpStatusCode Status, string? Reason, BoundedContent Body, TimeSpan? RetryAfter)
{
    private const int ErrorBodyChars = 500;

    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    /// <summary>Worth another attempt: the receiver is overloaded, down or asks to come back.</summary>
    public bool IsTransient => Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)Status >= 500;

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    public ToolResult ToResult(int attempts, int sizeLimit)
    {
        var answered = $"The webhook answered {(int)Status} {Reason}".TrimEnd();
        if (Body.Truncated)
        {
            return ToolResult.Error($"{answered} with a body larger than the {sizeLimit / 1024} KiB limit; it was not read.");
        }

        var body = WithoutByteOrderMark(Body.Bytes);
        if (!IsSuccess)
        {
            var tries = attempts == 1 ? "" : $" after {attempts} attempts";
            var text = Encoding.UTF8.GetString(body.Span);
            var excerpt = text.Length > ErrorBodyChars ? text[..ErrorBodyChars] + "…" : text;
            return ToolResult.Error(excerpt.Length == 0 ? $"{answered}{tries}." : $"{answered}{tries}: {excerpt}");
        }

        if (body.Length == 0)
        {
            return ToolResult.Success("{}");
        }

        return IsJson(body)
            ? ToolResult.Success(Encoding.UTF8.GetString(body.Span))
            : ToolResult.Error($"{answered} but its body is invalid JSON.");
    }

    private static bool IsJson(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsMemory(Encoding.UTF8.Preamble.Length) : bytes;
}
