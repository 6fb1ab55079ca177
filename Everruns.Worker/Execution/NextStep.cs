using System.Text.Json.Serialization;

namespace Everruns.Worker.Execution;

/// <summary>
/// What a run does next, read from its thread (the messages are the checkpoint). Plain data: the Temporal workflow
/// carries it from one activity to the next as it is, so nothing is lost on the way. It is stored in workflow
/// histories: keep the discriminators and member names, and give new members defaults.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CallModel), "call_model")]
[JsonDerivedType(typeof(RunTools), "run_tools")]
[JsonDerivedType(typeof(AwaitApproval), "await_approval")]
[JsonDerivedType(typeof(Finish), "finish")]
[JsonDerivedType(typeof(TooManyIterations), "too_many_iterations")]
[JsonDerivedType(typeof(OverBudget), "over_budget")]
public abstract record NextStep
{
    public sealed record CallModel(int Iteration) : NextStep;

    /// <summary>Run these calls, in parallel; <see cref="Budget"/> is the longest the slowest of them may take.</summary>
    public sealed record RunTools(IReadOnlyList<ToolCallRecord> Calls, int Iteration, TimeSpan Budget) : NextStep;

    /// <summary>These calls need a person's approval first: the run waits.</summary>
    public sealed record AwaitApproval(IReadOnlyList<ToolCallRecord> Calls, int Iteration) : NextStep;

    /// <summary>The model answered; frontend tool calls, if any, are left to the AG-UI client.</summary>
    public sealed record Finish(IReadOnlyList<string> PendingClientToolCalls) : NextStep;

    public sealed record TooManyIterations(int Limit) : NextStep;

    /// <summary>The agent's token budget allows no further model call: the run fails with <c>budget_exceeded</c>.</summary>
    public sealed record OverBudget(string Message) : NextStep;

    /// <summary>Whether the step writes how the run ends (the Temporal workflow takes it in its finishing activity).</summary>
    [JsonIgnore]
    public bool Concludes => this is Finish or TooManyIterations or OverBudget;
}
