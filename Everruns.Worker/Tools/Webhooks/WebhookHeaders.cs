namespace Everruns.Worker.Tools;

/// <summary>The headers Everruns puts on every webhook request. A tool's own headers cannot replace them.</summary>
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
}
