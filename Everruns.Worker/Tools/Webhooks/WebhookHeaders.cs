namespace Everruns.Worker.Tools;

/// <summary>The headers Everruns puts on every webhook request, and what a tool's own headers may be.</summary>
public static class WebhookHeaders
{
    /// <summary><c>{runId}:{toolCallId}</c>: the same on every retry and when a resumed run repeats the call.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    public const string RunId = "X-Everruns-Run-Id";

    public const string ToolCallId = "X-Everruns-Tool-Call-Id";

    /// <summary>Unix time in seconds when the attempt was signed; part of the signed text.</summary>
    public const string Timestamp = "X-Everruns-Timestamp";

    /// <summary><c>sha256=&lt;hex&gt;</c>, only when the tool has a secret. See <see cref="WebhookSignature"/>.</summary>
    public const string Signature = "X-Everruns-Signature";

    /// <summary>Headers a tool definition may not set, because Everruns sets them or the HTTP stack owns them.</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("X-Everruns-", StringComparison.OrdinalIgnoreCase)
        || name.Equals(IdempotencyKey, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Connection", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why a tool's header cannot be sent as given, or null when it can. A name is an HTTP token; a value is printable
    /// ASCII, spaces and tabs: no line break can end the header early and start another one (or another request).
    /// </summary>
    public static string? Problem(string name, string? value)
    {
        if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
        {
            return $"Header name '{Printable(name)}' is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~).";
        }

        if (IsReserved(name))
        {
            return $"Header '{name}' is set by Everruns (or by HTTP itself) and cannot be given by a tool.";
        }

        if (value is null)
        {
            return $"The value of header '{name}' must be a string.";
        }

        if (!value.All(c => c is '\t' or >= ' ' and <= '~'))
        {
            return $"The value of header '{name}' may contain only printable ASCII characters, spaces and tabs: no line breaks or other control characters.";
        }

        return null;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    /// <summary>A name as an error message may show it: control and non-ASCII characters escaped.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
