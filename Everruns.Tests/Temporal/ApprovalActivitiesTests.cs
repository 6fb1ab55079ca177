using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;

namespace Everruns.Tests.Temporal;

/// <summary>
/// A tool with policy requires_approval in Temporal mode: the run pauses, and goes on once its approvals are decided,
/// with the decisions recorded where the REST API answers them (the workflow's signal only says that they are).
/// </summary>
public sealed class ApprovalActivitiesTests(ApiFixture api)
{
    private static readonly ToolDefinition GuardedClock = new()
    {
        Type = ToolType.Builtin,
        Name = "current_time",
        Policy = ToolPolicy.RequiresApproval,
    };

    [Fact]
    public async Task The_run_pauses_until_its_approval_is_decided_then_resumes_as_a_new_turn_with_the_decision()
    {
        await using var host = await ActivityTestHost.StartAsync(
            api.Postgres, settings: new Dictionary<string, string?> { ["AgentRunner:ApprovalTimeout"] = "00:10:00" });
        var run = await host.CreateRunAsync("What time is it? [tool:current_time]", tools: GuardedClock);
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var step = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        var call = Assert.Single(Assert.IsType<NextStep.AwaitApproval>(step).Calls);

        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new StepInput(run.Id, step)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new StepInput(run.Id, step)));

        Assert.Equal(RunStatus.Waiting, (await host.RunAsync(run.Id)).Status);
        Assert.Null(await host.LeaseOwnerAsync(run.Id));
        var paused = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(paused);
        Assert.Single(paused, e => e is RunFinishedEvent);
        var interrupt = Assert.Single(Assert.IsType<RunFinishedInterruptOutcome>(Assert.IsType<RunFinishedEvent>(paused[^1]).Outcome).Interrupts);
        Assert.Equal(call.Id, interrupt.ToolCallId);
        Assert.NotNull(interrupt.ExpiresAt);
        Assert.Equal("current_time", interrupt.Metadata!.Value.GetProperty("tool_name").GetString());

        // Undecided, the run keeps waiting; a signal that came early changes nothing.
        var early = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        Assert.Equal(RunClaim.Waiting, early.Claim);

        var approvals = host.Get<ToolApprovalStore>();
        var pending = Assert.Single(await approvals.ListAsync(run.Id, TestContext.Current.CancellationToken));
        Assert.Equal((call.Id, ApprovalStatus.Pending), (pending.ToolCallId, pending.Status));
        await approvals.AnswerAsync(run.Id, call.Id, ApprovalDecision.Deny, null, "Not now.", TestContext.Current.CancellationToken);

        var resumed = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        Assert.Equal(RunClaim.Claimed, resumed.Claim);
        Assert.IsType<NextStep.RunTools>(resumed.Next);
        Assert.Equal(2, (await host.RunAsync(run.Id)).Attempt);

        var next = await ActivityRuns.Environment().RunAsync(() => host.Activities().RunToolsAsync(new StepInput(run.Id, resumed.Next!)));
        var end = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new StepInput(run.Id, next)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Concluded, end)));

        var toolMessage = Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Tool);
        Assert.Contains("denied this tool call: Not now.", toolMessage.Content, StringComparison.Ordinal);
        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.Equal(2, events.Count(e => e is RunStartedEvent));
        Assert.Equal(RunStatus.Completed, (await host.RunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task A_waiting_run_whose_workflow_is_cancelled_ends_cancelled_with_its_own_turn()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("[tool:current_time]", tools: GuardedClock);
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var step = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(ActivityRuns.FirstModelCall(run)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new StepInput(run.Id, step)));
        await host.Get<RunStore>().RequestCancelAsync(run.Id);

        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Cancelled)));

        Assert.Equal(RunStatus.Cancelled, (await host.RunAsync(run.Id)).Status);
        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.IsType<RunStartedEvent>(events[^2]);
        Assert.IsType<RunFinishedCancelledOutcome>(Assert.IsType<RunFinishedEvent>(events[^1]).Outcome);
    }
}
