using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;
using Temporalio.Exceptions;

namespace Everruns.Tests.Temporal;

/// <summary>
/// Each activity of the run workflow in Temporal's <c>ActivityEnvironment</c>, on a real PostgreSQL, called in the
/// order the workflow calls them, and called again as Temporal does when it retries an activity.
/// </summary>
public sealed class AgentRunActivitiesTests(ApiFixture api)
{
    private static readonly ToolDefinition Clock = new() { Type = ToolType.Builtin, Name = "current_time" };

    [Fact]
    public async Task Begin_takes_the_pending_run_for_the_workflow_and_a_retry_changes_nothing()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("Hello there.");

        var begun = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var again = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        Assert.Equal(RunClaim.Claimed, begun.Claim);
        Assert.Equal(new NextStep.CallModel(1), begun.Next);
        Assert.Equal(begun.Claim, again.Claim);
        var held = await host.RunAsync(run.Id);
        Assert.Equal(RunStatus.Running, held.Status);
        Assert.Equal(1, held.Attempt);
        Assert.Equal($"temporal:run-{run.Id}", await host.LeaseOwnerAsync(run.Id));
        Assert.Equal([AgUiEventTypes.RunStarted], (await host.EventsAsync(run.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task The_activities_in_the_workflows_order_make_a_complete_run_with_a_tool_call()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("What time is it? [tool:current_time]", tools: Clock);
        var modelBeats = new Heartbeats();
        var toolBeats = new Heartbeats();

        var begun = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var afterModel = await modelBeats.Environment().RunAsync(() => host.Activities().CallModelAsync(new StepInput(run.Id, begun.Next!)));
        var afterTools = await toolBeats.Environment().RunAsync(() => host.Activities().RunToolsAsync(new StepInput(run.Id, afterModel)));
        var afterAnswer = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new StepInput(run.Id, afterTools)));
        var outcome = await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Concluded, afterAnswer)));

        var tools = Assert.IsType<NextStep.RunTools>(afterModel);
        var call = Assert.Single(tools.Calls);
        Assert.Equal("current_time", call.Name);
        Assert.Equal(ToolBudget.For(Clock), tools.Budget);
        Assert.Equal(new NextStep.CallModel(2), afterTools);
        Assert.IsType<NextStep.Finish>(afterAnswer);
        Assert.Equal(RunOutcomes.Completed, outcome);
        Assert.True(modelBeats.Count > 0, "The model activity sent no heartbeat.");
        Assert.True(toolBeats.Count > 0, "The tool activity sent no heartbeat.");

        var finished = await host.RunAsync(run.Id);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.True(finished.OutputTokens > 0);
        Assert.Null(await host.LeaseOwnerAsync(run.Id));

        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.Single(events, e => e is RunStartedEvent);
        Assert.IsType<RunFinishedEvent>(events[^1]);
        Assert.Single(events, e => e is ToolCallResultEvent { ToolCallId: var id } && id == call.Id);

        var messages = (await host.MessagesAsync(run)).Where(m => m.RunId == run.Id).Select(m => m.Role);
        Assert.Equal([MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant], messages);
    }

    [Fact]
    public async Task A_retried_model_call_whose_answer_is_stored_is_not_made_again()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("Answer once.");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        var first = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        var retried = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));

        Assert.IsType<NextStep.Finish>(first);
        Assert.IsType<NextStep.Finish>(retried);
        Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        Assert.Single(await host.EventsAsync(run.Id), e => e is TextMessageStartEvent);
    }

    [Fact]
    public async Task A_model_call_heartbeats_while_it_streams_and_stops_cooperatively_when_cancelled()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres, tokensPerSecond: 50);
        var run = await host.CreateRunAsync("Write at length. [long:500]");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var beats = new Heartbeats();
        var environment = beats.Environment();

        var call = environment.RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        await WaitUntilAsync(() => beats.Count >= 5, "five heartbeats");
        environment.Cancel(Temporalio.Activities.ActivityCancelReason.CancelRequested);

        // As designed: the activity ends as cancelled, having closed what it opened; the workflow then finishes the run.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events, complete: false);
        var state = AgUiStreamState.Replay(events);
        Assert.Equal(AgUiRunPhase.Active, state.Phase);
        Assert.False(state.HasOpenItems, $"Left open: {string.Join(", ", events.Select(e => e.Type))}");
        Assert.Contains(events, e => e is TextMessageContentEvent);
        Assert.DoesNotContain(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        Assert.Equal(RunStatus.Running, (await host.RunAsync(run.Id)).Status);

        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Cancelled)));

        Assert.Equal(RunStatus.Cancelled, (await host.RunAsync(run.Id)).Status);
        events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.IsType<RunFinishedCancelledOutcome>(Assert.IsType<RunFinishedEvent>(events[^1]).Outcome);
    }

    [Fact]
    public async Task A_model_call_stopped_by_its_worker_shutting_down_fails_retryably_for_another_worker_to_repeat()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres, tokensPerSecond: 50);
        var run = await host.CreateRunAsync("Write at length. [long:500]");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var beats = new Heartbeats();
        var environment = beats.Environment();

        var call = environment.RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        await WaitUntilAsync(() => beats.Count >= 3, "three heartbeats");
        environment.Cancel(Temporalio.Activities.ActivityCancelReason.WorkerShutdown);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => call);
        Assert.False(failure.NonRetryable);
        var state = AgUiStreamState.Replay(await host.EventsAsync(run.Id));
        Assert.False(state.HasOpenItems);
        Assert.Equal(RunStatus.Running, (await host.RunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task A_step_that_a_dead_worker_left_open_is_closed_and_made_again()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("Survive a crash.");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        // What a worker that died while streaming leaves behind: an open step and message, and no answer.
        var events = host.Get<RunEvents>();
        events.Open(run.Id, WorkflowRunOwner.For(run.Id), await host.EventsAsync(run.Id), (await host.EventsAsync(run.Id)).Count);
        events.Emit(run.Id, new StepStartedEvent("model_call_1"));
        events.Emit(run.Id, new TextMessageStartEvent("lost-message"));
        events.Emit(run.Id, new TextMessageContentEvent("lost-message", "Half an ans"));
        await events.FlushAsync(run.Id, TestContext.Current.CancellationToken);
        events.Close(run.Id);

        var next = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Concluded, next)));

        Assert.IsType<NextStep.Finish>(next);
        var stored = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(stored);
        Assert.Contains(stored, e => e is TextMessageEndEvent { MessageId: "lost-message" });

        // The broken-off answer is not among the messages a client is told the conversation has.
        var snapshot = Assert.Single(stored.OfType<MessagesSnapshotEvent>());
        Assert.DoesNotContain(snapshot.Messages, m => m.Id == "lost-message");
        Assert.True(stored.ToList().IndexOf(snapshot) < stored.ToList().FindLastIndex(e => e is TextMessageStartEvent));
        Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        Assert.Equal(RunStatus.Completed, (await host.RunAsync(run.Id)).Status);
    }

    [Theory]
    [InlineData("[error:400]", true)]
    [InlineData("[error:503]", false)]
    public async Task A_provider_error_fails_the_model_call_retryably_only_when_it_is_transient(string cue, bool permanent)
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync($"Fail, please. {cue}");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run))));

        Assert.Equal(RunErrors.ModelError, failure.ErrorType);
        Assert.Equal(permanent, failure.NonRetryable);
        Assert.Contains(permanent ? "400" : "503", failure.Message, StringComparison.Ordinal);

        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(
            new FinishInput(run.Id, FinishKind.Failed, Failure: new StepFailure(failure.ErrorType, failure.Message))));
        var failed = await host.RunAsync(run.Id);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(failure.Message, failed.Error);
        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.Equal(RunErrors.ModelError, Assert.IsType<RunErrorEvent>(events[^1]).Code);
    }

    [Fact]
    public async Task A_model_that_cannot_be_used_as_configured_fails_for_good()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("Hello.", model: "acme/unknown");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run))));

        Assert.Equal(RunErrors.ModelConfiguration, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        ActivityRuns.AssertValid(await host.EventsAsync(run.Id), complete: false);
    }

    [Fact]
    public async Task A_run_that_reaches_its_model_call_limit_is_told_so_by_the_step_after_its_tools()
    {
        await using var host = await ActivityTestHost.StartAsync(
            api.Postgres, settings: new Dictionary<string, string?> { ["AgentRunner:MaxIterations"] = "1" });
        var run = await host.CreateRunAsync("What time is it? [tool:current_time]", tools: Clock);
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));

        var tools = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        var next = await ActivityRuns.Environment().RunAsync(() => host.Activities().RunToolsAsync(new StepInput(run.Id, tools)));

        Assert.Equal(new NextStep.TooManyIterations(1), next);
    }

    [Fact]
    public async Task Finish_stores_one_terminal_event_however_often_it_is_retried()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("Hello.");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var finish = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Concluded, finish)));
        }

        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.Single(events, e => e is RunFinishedEvent);
        Assert.Equal(RunStatus.Completed, (await host.RunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_began_ends_at_once_and_a_gone_run_is_let_go()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var pending = await host.CreateRunAsync("Never mind.");
        await host.Get<RunStore>().RequestCancelAsync(pending.Id);

        // The run whose cancel was asked for before its workflow began it ends cancelled, with its own turn.

        var begun = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(pending.Id)));
        var gone = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(pending))));

        Assert.Equal(RunClaim.Ended, begun.Claim);
        Assert.Equal(ActivityFailures.RunNotHeld, gone.ErrorType);
        Assert.True(gone.NonRetryable);
        Assert.Equal(RunStatus.Cancelled, (await host.RunAsync(pending.Id)).Status);
        var events = await host.EventsAsync(pending.Id);
        ActivityRuns.AssertValid(events);
        Assert.Equal([AgUiEventTypes.RunStarted, AgUiEventTypes.RunFinished], events.Select(e => e.Type));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what}.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
