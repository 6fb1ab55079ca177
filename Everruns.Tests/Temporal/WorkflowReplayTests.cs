using Everruns.Worker.Temporal;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Everruns.Tests.Temporal;

/// <summary>
/// The workflow replayed against the histories checked in beside these tests: a plain answer, a tool round trip, an
/// approval, a cancellation and a model error. A change to the order or kind of its steps breaks replay, which is
/// what would break the runs in flight when such a change is deployed.
/// </summary>
public sealed class WorkflowReplayTests
{
    public static TheoryData<string> Fixtures => Histories.All;

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task The_workflow_replays_each_recorded_history(string fixture)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<AgentRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(Histories.Load(fixture), throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task A_workflow_that_reorders_its_steps_fails_to_replay(string fixture)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ReorderedAgentRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(Histories.Load(fixture), throwOnReplayFailure: false);

        var failure = Assert.IsType<WorkflowNondeterminismException>(result.ReplayFailure);
        Assert.Contains(ActivityNames.BeginRun, failure.Message, StringComparison.Ordinal);
    }
}
