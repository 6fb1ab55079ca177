using Everruns.Data.AgUi;
using Xunit;
using static Everruns.Tests.AgUi.AgUiSamples;

namespace Everruns.Tests.AgUi;

public sealed class AgUiStreamStateTests
{
    // What a run had stored when its process died: mid-step, mid-message, mid-tool-call arguments.
    private static readonly AgUiEvent[] StoredBeforeCrash =
    [
        Started(),
        new StepStartedEvent("model_call"),
        new TextMessageStartEvent("m1"),
        new TextMessageContentEvent("m1", "Let me look"),
        new ToolCallStartEvent("c1", "search") { ParentMessageId = "m1" },
        new ToolCallArgsEvent("c1", """{"q":"""),
    ];

    [Fact]
    public void Replay_reports_what_a_crash_left_open()
    {
        var state = AgUiStreamState.Replay(StoredBeforeCrash);

        Assert.Equal(AgUiRunPhase.Active, state.Phase);
        Assert.True(state.HasOpenItems);
        Assert.Equal(["m1"], state.OpenMessageIds);
        Assert.Equal(["c1"], state.OpenToolCallIds);
        Assert.Equal(["model_call"], state.OpenStepNames);
    }

    [Fact]
    public void Closing_events_close_exactly_what_is_open_most_recent_first()
    {
        var closing = AgUiStreamState.Replay(StoredBeforeCrash).ClosingEvents(timestamp: 42);

        Assert.Equal(
            [
                AgUiJson.Serialize(new ToolCallEndEvent("c1") { Timestamp = 42 }),
                AgUiJson.Serialize(new TextMessageEndEvent("m1") { Timestamp = 42 }),
                AgUiJson.Serialize(new StepFinishedEvent("model_call") { Timestamp = 42 }),
            ],
            closing.Select(AgUiJson.Serialize));
    }

    [Fact]
    public void A_crashed_run_closed_then_finished_is_a_valid_sequence()
    {
        var closing = AgUiStreamState.Replay(StoredBeforeCrash).ClosingEvents();

        Assert.False(AgUiSequenceValidator.Validate([.. StoredBeforeCrash, Finished()]).IsValid);
        var result = AgUiSequenceValidator.Validate([.. StoredBeforeCrash, .. closing, Finished()]);
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void A_resumed_run_continues_after_closing_and_stays_valid()
    {
        var state = AgUiStreamState.Replay(StoredBeforeCrash);
        List<AgUiEvent> stream = [.. StoredBeforeCrash];
        AgUiEvent[] resumed =
        [
            .. state.ClosingEvents(),
            new StepStartedEvent("model_call"),
            .. Message("m1-retry", "Let me look again"),
            .. ToolCall("c1-retry"),
            new StepFinishedEvent("model_call"),
            new ToolCallResultEvent("m2", "c1-retry", "found"),
            Finished(),
        ];

        foreach (var @event in resumed)
        {
            state.Apply(@event);
            stream.Add(@event);
        }

        Assert.Equal(AgUiRunPhase.Finished, state.Phase);
        Assert.True(state.IsTerminated);
        Assert.False(state.HasOpenItems);
        Assert.True(AgUiSequenceValidator.Validate(stream).IsValid);
    }

    [Fact]
    public void Closing_events_do_not_change_the_state()
    {
        var state = AgUiStreamState.Replay(StoredBeforeCrash);

        _ = state.ClosingEvents();

        Assert.Equal(["m1"], state.OpenMessageIds);
    }

    [Fact]
    public void Nothing_to_close_when_nothing_is_open()
    {
        Assert.Empty(new AgUiStreamState().ClosingEvents());
        Assert.Empty(AgUiStreamState.Replay([Started(), .. Message("m1")]).ClosingEvents());
        Assert.Empty(AgUiStreamState.Replay([Started(), new TextMessageStartEvent("m1"), new RunErrorEvent("x")]).ClosingEvents());
    }

    [Fact]
    public void Apply_refuses_an_invalid_event_and_keeps_the_state()
    {
        var state = AgUiStreamState.Replay([Started(), new TextMessageStartEvent("m1")]);

        var error = Assert.Throws<AgUiSequenceException>(() => state.Apply(Finished()));

        Assert.Contains("text messages are still active: m1", error.Reason);
        Assert.Equal(AgUiRunPhase.Active, state.Phase);
        Assert.Equal(["m1"], state.OpenMessageIds);
    }

    [Fact]
    public void Check_does_not_change_the_state()
    {
        var state = AgUiStreamState.Replay([Started()]);

        Assert.Null(state.Check(new TextMessageStartEvent("m1")));

        Assert.Empty(state.OpenMessageIds);
    }

    [Fact]
    public void Replay_refuses_stored_events_that_break_the_rules()
    {
        Assert.Throws<AgUiSequenceException>(() => AgUiStreamState.Replay([Started(), new ToolCallArgsEvent("c1", "{}")]));
    }

    [Fact]
    public void A_new_run_starts_with_nothing_open()
    {
        var state = AgUiStreamState.Replay([Started("r1"), new StepStartedEvent("s"), new RunErrorEvent("x"), Started("r2")]);

        Assert.Equal(AgUiRunPhase.Active, state.Phase);
        Assert.False(state.HasOpenItems);
    }

    [Fact]
    public void End_of_stream_is_allowed_only_after_a_terminal_event()
    {
        Assert.NotNull(new AgUiStreamState().CheckEnd());
        Assert.NotNull(AgUiStreamState.Replay([Started()]).CheckEnd());
        Assert.Null(AgUiStreamState.Replay([Started(), Finished()]).CheckEnd());
        Assert.Null(AgUiStreamState.Replay([new RunErrorEvent("x")]).CheckEnd());
    }
}
