using System.Text.Json;
using Everruns.Data.AgUi;
using Xunit;

namespace Everruns.Tests.AgUi;

/// <summary>One fully populated event of every type, and short builders for sequences.</summary>
internal static class AgUiSamples
{
    public static IReadOnlyDictionary<string, AgUiEvent> ByType { get; } = new AgUiEvent[]
    {
        new RunStartedEvent("thread-1", "run-1")
        {
            ParentRunId = "run-0",
            ProtocolVersion = "1.0",
            Input = Json("""{"threadId":"thread-1","runId":"run-1","messages":[],"tools":[],"context":[]}"""),
            Timestamp = 1_700_000_000_000,
        },
        new RunFinishedEvent("thread-1", "run-1")
        {
            Result = Json("""{"answer":42}"""),
            Outcome = new RunFinishedInterruptOutcome(
            [
                new AgUiInterrupt("int-1", "tool_call")
                {
                    Message = "Approve?",
                    ToolCallId = "call-1",
                    ResponseSchema = Json("""{"type":"object"}"""),
                    ExpiresAt = "2030-01-01T00:00:00Z",
                    Metadata = Json("""{"k":"v"}"""),
                },
            ]),
            Usage = [new AgUiTokenUsage { Provider = "sim", Model = "echo", InputTokens = 10, OutputTokens = 5, TotalTokens = 15 }],
        },
        new RunErrorEvent("boom") { Code = "model_error", Usage = [new AgUiTokenUsage { InputTokens = 3 }] },
        new StepStartedEvent("model_call"),
        new StepFinishedEvent("model_call"),
        new TextMessageStartEvent("msg-1"),
        new TextMessageContentEvent("msg-1", "Hello"),
        new TextMessageEndEvent("msg-1"),
        new ToolCallStartEvent("call-1", "search") { ParentMessageId = "msg-1" },
        new ToolCallArgsEvent("call-1", """{"q":"x"}"""),
        new ToolCallEndEvent("call-1"),
        new ToolCallResultEvent("msg-2", "call-1", "found") { Role = AgUiRoles.Tool },
        new StateSnapshotEvent(Json("""{"count":1,"tags":["a"]}""")),
        new MessagesSnapshotEvent(
        [
            new AgUiMessage("u-1", AgUiRoles.User) { Content = "Hi" },
            new AgUiMessage("a-1", AgUiRoles.Assistant)
            {
                ToolCalls = [new AgUiToolCall("call-1", new AgUiFunctionCall("search", """{"q":"x"}"""))],
            },
            new AgUiMessage("t-1", AgUiRoles.Tool) { Content = "found", ToolCallId = "call-1" },
        ]),
        new CustomEvent("everruns.note", Json("""{"text":"hi"}""")),
        new RawEvent(Json("""{"provider":"native"}""")) { Source = "sim" },
    }.ToDictionary(e => e.Type);

    public static TheoryData<string> Types { get; } = [.. ByType.Keys.Order(StringComparer.Ordinal)];

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static RunStartedEvent Started(string runId = "run-1") => new("thread-1", runId);

    public static RunFinishedEvent Finished(string runId = "run-1") => new("thread-1", runId);

    public static AgUiEvent[] Message(string id, string text = "hi") =>
        [new TextMessageStartEvent(id), new TextMessageContentEvent(id, text), new TextMessageEndEvent(id)];

    public static AgUiEvent[] ToolCall(string id, string name = "search") =>
        [new ToolCallStartEvent(id, name), new ToolCallArgsEvent(id, "{}"), new ToolCallEndEvent(id)];
}
