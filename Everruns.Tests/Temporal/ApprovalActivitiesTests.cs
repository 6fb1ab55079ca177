using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;
using Everruns.Worker.Tools;

namespace Everruns.Tests.Temporal;

/// <summary>A tool with policy requires_approval: the run pauses, and goes on with the decision the workflow was signalled.</summary>
public sealed class ApprovalActivitiesTests(ApiFixture api)
{
    private static readonly ToolDefinition GuardedClock = new()
    {
        Type = ToolType.Builtin,
        Name = "current_time",
        Policy = ToolPolicy.RequiresApproval,
    };

    [Fact]
    public async Task The_run_pauses_for_an_approval_then_resumes_as_a_new_turn_with_the_decision()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await host.CreateRunAsync("What time is it? [tool:current_time]", tools: GuardedClock);
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var step = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new ModelCallInput(run.Id, 1)));
        var call = Assert.Single(step.ToolCalls);
        Assert.True(call.RequiresApproval);

        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new PauseInput(run.Id, [call])));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new PauseInput(run.Id, [call])));

        var waiting = await host.RunAsync(run.Id);
        Assert.Equal(RunStatus.Waiting, waiting.Status);
        Assert.Null(await host.LeaseOwnerAsync(run.Id));
        var paused = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(paused);
        var outcome = Assert.IsType<RunFinishedInterruptOutcome>(Assert.IsType<RunFinishedEvent>(paused[^1]).Outcome);
        Assert.Equal(call.Id, Assert.Single(outcome.Interrupts).ToolCallId);
        Assert.Single(paused, e => e is RunFinishedEvent);

        // The REST API lists the waiting call, with the arguments the model gave it.
        var pending = Assert.Single(await host.Get<Everruns.Data.Approvals.ToolApprovalStore>().ListAsync(run.Id, TestContext.Current.CancellationToken));
        Assert.Equal(call.Id, pending.ToolCallId);
        Assert.Equal(Everruns.Data.Approvals.ApprovalStatus.Pending, pending.Status);

        var resumed = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        Assert.Equal(RunClaim.Claimed, resumed.Claim);
        Assert.Equal(StepKind.RunTools, resumed.Next!.Kind);
        Assert.Equal(2, (await host.RunAsync(run.Id)).Attempt);

        var rejection = new ToolApproval(call.Id, ApprovalDecision.Reject, Reason: "Not now.");
        var next = await ActivityRuns.Environment().RunAsync(() => host.Activities().RunToolsAsync(new ToolCallsInput(run.Id, 1, [rejection])));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new ModelCallInput(run.Id, next.Iteration)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Completed)));

        var toolMessage = Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Tool);
        Assert.Contains("rejected: Not now.", toolMessage.Content, StringComparison.Ordinal);
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
        var step = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new ModelCallInput(run.Id, 1)));
        await ActivityRuns.Environment().RunAsync(() => host.Activities().PauseForApprovalAsync(new PauseInput(run.Id, step.ToolCalls)));

        await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Cancelled)));

        Assert.Equal(RunStatus.Cancelled, (await host.RunAsync(run.Id)).Status);
        var events = await host.EventsAsync(run.Id);
        ActivityRuns.AssertValid(events);
        Assert.IsType<RunStartedEvent>(events[^2]);
        Assert.IsType<RunFinishedCancelledOutcome>(Assert.IsType<RunFinishedEvent>(events[^1]).Outcome);
    }

    [Fact]
    public async Task An_approval_may_replace_the_arguments_and_a_call_without_one_does_not_run()
    {
        var seen = new List<ToolInvocation>();
        var invoker = new ApprovalToolInvoker(new RecordingInvoker(seen), [
            new ToolApproval("call_a", ApprovalDecision.Approve, JsonSerializer.SerializeToElement(new { city = "Oslo" })),
        ]);

        var approved = await invoker.InvokeAsync(Invocation("call_a"), CancellationToken.None);
        var undecided = await invoker.InvokeAsync(Invocation("call_b"), CancellationToken.None);

        Assert.False(approved.IsError);
        Assert.Equal("Oslo", Assert.Single(seen).Call.Arguments.GetProperty("city").GetString());
        Assert.True(undecided.IsError);
    }

    private static ToolInvocation Invocation(string callId) =>
        new(Guid.NewGuid(), new ToolCallRecord(callId, "weather", JsonSerializer.SerializeToElement(new { city = "Paris" })), GuardedClock with { Name = "weather" });

    private sealed class RecordingInvoker(List<ToolInvocation> seen) : IToolInvoker
    {
        public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            seen.Add(invocation);
            return Task.FromResult(ToolResult.Success("{}"));
        }
    }
}
