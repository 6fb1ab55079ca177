using Everruns.Data.AgUi;
using Xunit;
using static Everruns.Tests.AgUi.AgUiSamples;

namespace Everruns.Tests.AgUi;

public sealed class AgUiSequenceValidatorTests
{
    private static readonly Dictionary<string, AgUiEvent[]> ValidStreams = new()
    {
        ["full run"] =
        [
            Started(),
            new StepStartedEvent("model_call"),
            .. Message("m1"),
            new ToolCallStartEvent("c1", "search") { ParentMessageId = "m1" },
            new ToolCallArgsEvent("c1", """{"q":"""),
            new ToolCallArgsEvent("c1", "\"x\"}"),
            new ToolCallEndEvent("c1"),
            new StepFinishedEvent("model_call"),
            new ToolCallResultEvent("m2", "c1", "found"),
            new StateSnapshotEvent(Json("{}")),
            new CustomEvent("note", Json("1")),
            .. Message("m3", "done"),
            new MessagesSnapshotEvent([]),
            Finished(),
        ],
        ["bare RUN_ERROR"] = [new RunErrorEvent("unreachable")],
        ["RUN_ERROR with a message open"] = [Started(), new TextMessageStartEvent("m1"), new TextMessageContentEvent("m1", "a"), new RunErrorEvent("x")],
        ["late RUN_ERROR after RUN_FINISHED"] = [Started(), Finished(), new RunErrorEvent("flush failed")],
        ["new run after RUN_ERROR"] = [Started("r1"), new RunErrorEvent("x"), Started("r2"), Finished("r2")],
        ["sequential runs reusing ids"] =
        [
            Started("r1"), .. Message("m1"), .. ToolCall("c1"), new StepStartedEvent("s"), new StepFinishedEvent("s"), Finished("r1"),
            Started("r2"), .. Message("m1"), .. ToolCall("c1"), new StepStartedEvent("s"), new StepFinishedEvent("s"), Finished("r2"),
        ],
        ["concurrent messages and tool calls ending out of order"] =
        [
            Started(),
            new TextMessageStartEvent("m1"), new TextMessageStartEvent("m2"),
            new ToolCallStartEvent("c1", "a"), new ToolCallStartEvent("c2", "b"),
            new TextMessageEndEvent("m1"), new ToolCallEndEvent("c1"), new ToolCallEndEvent("c2"), new TextMessageEndEvent("m2"),
            Finished(),
        ],
        ["a message id reused after it ended"] = [Started(), .. Message("m1"), .. Message("m1"), Finished()],
        ["same id as message, tool call and step"] =
            [Started(), new TextMessageStartEvent("x"), new ToolCallStartEvent("x", "t"), new StepStartedEvent("x"),
             new StepFinishedEvent("x"), new ToolCallEndEvent("x"), new TextMessageEndEvent("x"), Finished()],
    };

    private static readonly Dictionary<string, (AgUiEvent[] Events, int Index, string Reason)> InvalidStreams = new()
    {
        ["empty stream"] = ([], 0, "without emitting 'RUN_STARTED'"),
        ["first event not RUN_STARTED"] = ([new TextMessageStartEvent("m1")], 0, "First event must be 'RUN_STARTED'"),
        ["first event RUN_FINISHED"] = ([Finished()], 0, "First event must be 'RUN_STARTED'"),
        ["stream ends with the run open"] = ([Started(), .. Message("m1")], 4, "without 'RUN_FINISHED' or 'RUN_ERROR'"),
        ["only RUN_STARTED"] = ([Started()], 1, "without 'RUN_FINISHED' or 'RUN_ERROR'"),
        ["RUN_STARTED inside an active run"] = ([Started("r1"), Started("r2")], 1, "while a run is still active"),
        ["content for a message never started"] = ([Started(), new TextMessageContentEvent("m1", "a")], 1, "no active text message 'm1'"),
        ["content after the message ended"] = ([Started(), .. Message("m1"), new TextMessageContentEvent("m1", "a")], 4, "no active text message 'm1'"),
        ["end of a message never started"] = ([Started(), new TextMessageEndEvent("m1")], 1, "no active text message 'm1'"),
        ["second start of an open message"] = ([Started(), new TextMessageStartEvent("m1"), new TextMessageStartEvent("m1")], 2, "'m1' is already in progress"),
        ["args for a tool call never started"] = ([Started(), new ToolCallArgsEvent("c1", "{}")], 1, "no active tool call 'c1'"),
        ["tool call ended twice"] = ([Started(), .. ToolCall("c1"), new ToolCallEndEvent("c1")], 4, "no active tool call 'c1'"),
        ["second start of an open tool call"] = ([Started(), new ToolCallStartEvent("c1", "a"), new ToolCallStartEvent("c1", "a")], 2, "'c1' is already in progress"),
        ["step finished but never started"] = ([Started(), new StepFinishedEvent("plan")], 1, "no active step 'plan'"),
        ["second start of an open step"] = ([Started(), new StepStartedEvent("plan"), new StepStartedEvent("plan")], 2, "'plan' is already in progress"),
        ["RUN_FINISHED with a step open"] = ([Started(), new StepStartedEvent("plan"), Finished()], 2, "steps are still active: plan"),
        ["RUN_FINISHED with a message open"] = ([Started(), new TextMessageStartEvent("m1"), Finished()], 2, "text messages are still active: m1"),
        ["RUN_FINISHED with a tool call open"] = ([Started(), new ToolCallStartEvent("c1", "a"), Finished()], 2, "tool calls are still active: c1"),
        ["RUN_FINISHED twice"] = ([Started(), Finished(), Finished()], 2, "already finished with 'RUN_FINISHED'"),
        ["event after RUN_FINISHED"] = ([Started(), Finished(), .. Message("m1")], 2, "already finished with 'RUN_FINISHED'"),
        ["event after RUN_ERROR"] = ([Started(), new RunErrorEvent("x"), new StepStartedEvent("s")], 2, "already errored with 'RUN_ERROR'"),
        ["RUN_ERROR after RUN_ERROR"] = ([Started(), new RunErrorEvent("x"), new RunErrorEvent("y")], 2, "already errored with 'RUN_ERROR'"),
        ["ids do not carry over into a new run"] = ([Started("r1"), new RunErrorEvent("x"), Started("r2"), new TextMessageEndEvent("m1")], 3, "no active text message 'm1'"),
    };

    public static TheoryData<string> ValidCases { get; } = [.. ValidStreams.Keys];

    public static TheoryData<string> InvalidCases { get; } = [.. InvalidStreams.Keys];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Accepts_valid_streams(string name)
    {
        var result = AgUiSequenceValidator.Validate(ValidStreams[name]);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Rejects_each_kind_of_violation_at_the_offending_event(string name)
    {
        var (events, index, reason) = InvalidStreams[name];

        var result = AgUiSequenceValidator.Validate(events);

        Assert.False(result.IsValid);
        Assert.Equal(index, result.Violation!.Index);
        Assert.Contains(reason, result.Violation.Reason);
        Assert.Equal(index < events.Length ? events[index].Type : null, result.Violation.EventType);
    }

    [Fact]
    public void A_prefix_may_end_with_the_run_still_open()
    {
        Assert.True(AgUiSequenceValidator.ValidatePrefix([]).IsValid);
        Assert.True(AgUiSequenceValidator.ValidatePrefix([Started(), new StepStartedEvent("s"), new TextMessageStartEvent("m1")]).IsValid);
    }

    [Fact]
    public void A_prefix_still_rejects_broken_events()
    {
        var result = AgUiSequenceValidator.ValidatePrefix([Started(), new ToolCallEndEvent("c1")]);

        Assert.Equal(1, result.Violation?.Index);
    }

    [Fact]
    public void Reports_only_the_first_violation()
    {
        var result = AgUiSequenceValidator.Validate([new TextMessageEndEvent("m1"), new TextMessageEndEvent("m2")]);

        Assert.Equal(0, result.Violation?.Index);
    }
}
