using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;
using Temporalio.Workflows;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// The run workflow with its first two steps swapped: it calls the model before it begins the run. Same workflow
/// type, so the recorded histories must refuse it.
/// </summary>
[Workflow(AgentRunWorkflow.WorkflowType)]
public sealed class ReorderedAgentRunWorkflow
{
    [WorkflowRun]
    public async Task<AgentRunResult> RunAsync(AgentRunInput input)
    {
        await Workflow.ExecuteActivityAsync<NextStep>(
            ActivityNames.CallModel, [new StepInput(input.RunId, new NextStep.CallModel(1))], ActivityPolicies.ModelCall());
        await Workflow.ExecuteActivityAsync<BeginResult>(ActivityNames.BeginRun, [input], ActivityPolicies.Bookkeeping());
        await Workflow.ExecuteActivityAsync<string>(
            ActivityNames.FinishRun, [new FinishInput(input.RunId, FinishKind.Concluded, new NextStep.Finish([]))], ActivityPolicies.Bookkeeping());
        return new AgentRunResult(RunOutcomes.Completed);
    }
}
