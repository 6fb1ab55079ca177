using System.Text.Json;

namespace Everruns.Data.Events;

/// <summary>What a model answered in one call of a run (the assistant message <paramref name="Id"/> on the thread), and the tokens it cost.</summary>
public sealed record ModelAnswer(Guid Id, Guid ThreadId, string Content, JsonElement? ToolCalls, long InputTokens, long OutputTokens);
