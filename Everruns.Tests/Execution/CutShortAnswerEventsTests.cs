using Everruns.Data.AgUi;
using Everruns.Data.Threads;
using Everruns.Worker.Execution;

namespace Everruns.Tests.Execution;

/// <summary>Which answer a cancelled run was streaming, read from its stored events.</summary>
public sealed class CutShortAnswerEventsTests
{
    private static readonly string Streaming = Guid.CreateVersion7().ToString();
    private static readonly string Earlier = Guid.CreateVersion7().ToString();

    [Fact]
    public void The_text_streamed_since_the_turn_began_and_not_stored_is_the_answer()
    {
        AgUiEvent[] events =
        [
            new RunStartedEvent("t", "r"),
            new TextMessageStartEvent(Earlier), new TextMessageContentEvent(Earlier, "Let me check."), new TextMessageEndEvent(Earlier),
            new TextMessageStartEvent(Streaming), new TextMessageContentEvent(Streaming, "Once upon"), new TextMessageContentEvent(Streaming, " a time"),
            new TextMessageEndEvent(Streaming),
        ];

        var answer = Assert.Single(CutShortAnswer.In(events, [Stored(Earlier)]));

        Assert.Equal((Guid.Parse(Streaming), "Once upon a time"), (answer.MessageId, answer.Text));
    }

    [Fact]
    public void An_answer_a_snapshot_dropped_or_a_turn_that_ended_is_not_cut_short()
    {
        AgUiEvent[] dropped =
        [
            new RunStartedEvent("t", "r"),
            new TextMessageStartEvent(Streaming), new TextMessageContentEvent(Streaming, "Broke off"), new TextMessageEndEvent(Streaming),
            new MessagesSnapshotEvent([]),
        ];
        AgUiEvent[] ended = [.. dropped[..4], new RunFinishedEvent("t", "r")];

        Assert.Empty(CutShortAnswer.In(dropped, []));
        Assert.Empty(CutShortAnswer.In(ended, []));
        Assert.Single(CutShortAnswer.In([.. ended, new RunStartedEvent("t", "r"), .. dropped[1..4]], []));
    }

    [Fact]
    public void A_message_started_with_no_text_yet_keeps_nothing()
    {
        Assert.Empty(CutShortAnswer.In([new RunStartedEvent("t", "r"), new TextMessageStartEvent(Streaming)], []));
    }

    private static Message Stored(string id) =>
        new(Guid.Parse(id), Guid.NewGuid(), Guid.NewGuid(), MessageRole.Assistant, "Let me check.", null, null, DateTimeOffset.UtcNow);
}
