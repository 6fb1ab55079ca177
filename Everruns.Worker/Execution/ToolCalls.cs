using System.Text.Json;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

public static class ToolCalls
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<ToolCallRecord> Read(Message message) =>
        message.ToolCalls is { ValueKind: JsonValueKind.Array } calls
            ? calls.Deserialize<List<ToolCallRecord>>(Options) ?? []
            : [];

    public static JsonElement? Write(IReadOnlyList<ToolCallRecord> calls) =>
        calls.Count == 0 ? null : JsonSerializer.SerializeToElement(calls, Options);
}
