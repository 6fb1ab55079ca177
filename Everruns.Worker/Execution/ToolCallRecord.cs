using System.Text.Json;

namespace Everruns.Worker.Execution;

/// <summary>A tool call the model asked for, as stored in the assistant message's <c>tool_calls</c>.</summary>
public sealed record ToolCallRecord(string Id, string Name, JsonElement Arguments);
