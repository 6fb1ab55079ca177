using Everruns.Tests.Scenarios.Temporal;
using Everruns.Worker.Temporal;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// The scenario histories checked in under <c>Scenarios/Histories</c> are what runs in flight look like: the workflow
/// must replay every one, and a change to the order or kind of its steps must not.
/// </summary>
public sealed class WorkflowReplayTests
{
    public static TheoryData<string> Names => Scenarios.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_workflow_replays_the_history_of_each_scenario(string name)
    {
        var history = ScenarioHistories.Load(name) ?? throw new InvalidOperationException($"No history is checked in for {name}.");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<AgentRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_workflow_that_reorders_its_steps_fails_to_replay_them(string name)
    {
        var history = ScenarioHistories.Load(name) ?? throw new InvalidOperationException($"No history is checked in for {name}.");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ReorderedAgentRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        var failure = Assert.IsType<WorkflowNondeterminismException>(result.ReplayFailure);
        Assert.Contains(ActivityNames.BeginRun, failure.Message, StringComparison.Ordinal);
    }
}
