using System.Text.Json.Serialization;
using Everruns.Data.Agents;
using Everruns.Worker.Execution;

namespace Everruns.Worker.Temporal;

[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    CallModel,
    RunTools,
    Finish,
    TooManyIterations,
}

/// <summary>A tool call the model asked for and nobody answered yet, with what the workflow needs to schedule it.</summary>
public sealed record PendingToolCall(string Id, string Name, bool RequiresApproval, int TimeoutSeconds);

/// <summary>
/// The next step of a run as the workflow sees it: <see cref="NextStep"/> read from the thread by an activity, turned
/// into plain data. <see cref="Limit"/> is set for <see cref="StepKind.TooManyIterations"/>.
/// </summary>
public sealed record AgentStep(StepKind Kind, int Iteration, IReadOnlyList<PendingToolCall> ToolCalls, int? Limit = null)
{
    public static AgentStep From(NextStep next, Agent agent) => next switch
    {
        NextStep.CallModel call => new AgentStep(StepKind.CallModel, call.Iteration, []),
        NextStep.RunTools tools => new AgentStep(StepKind.RunTools, tools.Iteration, [.. tools.Calls.Select(planned => Pending(planned.Call, agent))]),
        NextStep.AwaitApproval waiting => new AgentStep(StepKind.RunTools, waiting.Iteration, [.. waiting.Calls.Select(call => Pending(call, agent))]),
        NextStep.Finish => new AgentStep(StepKind.Finish, 0, []),
        NextStep.TooManyIterations limit => new AgentStep(StepKind.TooManyIterations, limit.Limit, [], limit.Limit),
        _ => throw new InvalidOperationException($"Unknown step {next}."),
    };

    private static PendingToolCall Pending(ToolCallRecord call, Agent agent)
    {
        var definition = agent.Definition.Tools.FirstOrDefault(tool => tool.Name == call.Name);
        return new PendingToolCall(
            call.Id,
            call.Name,
            definition?.Policy == ToolPolicy.RequiresApproval,
            (int)Math.Ceiling(ToolBudget.For(definition).TotalSeconds));
    }
}
