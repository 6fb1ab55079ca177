using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Temporal;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;

namespace Everruns.Tests.Execution;

/// <summary>The event writer stores a model's answer in the same write as the run's events, and only for the run's holder.</summary>
public sealed class RunEventWriterTests(ApiFixture api)
{
    [Fact]
    public async Task A_models_answer_is_stored_with_the_events_before_it_and_its_tokens_are_added_to_the_run()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await BegunRunAsync(host);
        var writer = host.Get<RunEventWriter>();
        var events = host.Get<RunEvents>();
        writer.Open(run.Id, WorkflowRunOwner.For(run.Id), (await host.EventsAsync(run.Id)).Count);
        var answerId = Guid.CreateVersion7();
        events.Emit(run.Id, new TextMessageStartEvent(answerId.ToString()));
        events.Emit(run.Id, new TextMessageContentEvent(answerId.ToString(), "Here you are."));
        events.Emit(run.Id, new TextMessageEndEvent(answerId.ToString()));

        var saved = await events.StoreAnswerAsync(
            run.Id, new ModelAnswer(answerId, run.ThreadId, "Here you are.", null, 12, 4), TestContext.Current.CancellationToken);
        writer.Close(run.Id);

        Assert.Equal(answerId, saved.Id);
        var answer = Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        Assert.Equal("Here you are.", answer.Content);
        Assert.Equal(run.Id, answer.RunId);
        var stored = await host.RunAsync(run.Id);
        Assert.Equal((12, 4), (stored.InputTokens, stored.OutputTokens));
        Assert.Contains(await host.EventsAsync(run.Id), e => e is TextMessageEndEvent end && end.MessageId == answerId.ToString());
    }

    [Fact]
    public async Task An_answer_for_a_run_that_someone_else_holds_is_not_stored()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await BegunRunAsync(host);
        var writer = host.Get<RunEventWriter>();
        writer.Open(run.Id, "an-executor-that-lost-its-lease", (await host.EventsAsync(run.Id)).Count);

        await Assert.ThrowsAsync<LeaseLostException>(() => writer.StoreAnswerAsync(
            run.Id, new ModelAnswer(Guid.CreateVersion7(), run.ThreadId, "Too late.", null, 12, 4), TestContext.Current.CancellationToken));
        writer.Close(run.Id);

        Assert.DoesNotContain(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        var stored = await host.RunAsync(run.Id);
        Assert.Equal((0, 0), (stored.InputTokens, stored.OutputTokens));
    }

    /// <summary>A run its workflow has begun: held by the workflow's owner, with RUN_STARTED stored.</summary>
    private static async Task<Everruns.Data.Runs.Run> BegunRunAsync(ActivityTestHost host)
    {
        var run = await host.CreateRunAsync("Answer me.");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        return run;
    }
}
