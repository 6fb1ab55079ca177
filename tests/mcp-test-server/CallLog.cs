using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Everruns.McpTestServer;

/// <summary>One tool call the server received; <see cref="Finished"/> once it answered.</summary>
public sealed class ReceivedCall
{
    public required string Tool { get; init; }

    public required JsonObject Arguments { get; init; }

    public JsonObject? Meta { get; init; }

    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    public bool Finished { get; set; }

    public bool Cancelled { get; set; }
}

public sealed class CallLog
{
    private readonly ConcurrentQueue<ReceivedCall> calls = new();

    public ReceivedCall Add(ReceivedCall call)
    {
        calls.Enqueue(call);
        return call;
    }

    public IReadOnlyList<ReceivedCall> All() => [.. calls];
}
