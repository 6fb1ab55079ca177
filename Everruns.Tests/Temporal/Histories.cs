using Temporalio.Common;

namespace Everruns.Tests.Temporal;

/// <summary>The workflow histories checked in under <c>Temporal/Histories</c>, copied beside the tests.</summary>
public static class Histories
{
    public static readonly TheoryData<string> All = ["plain-answer", "tool-round-trip", "approval", "cancellation", "model-error"];

    public static WorkflowHistory Load(string name)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Temporal", "Histories", $"{name}.json"));
        return WorkflowHistory.FromJson($"{name}-replay", json);
    }
}
