using Everruns.Tests.Infrastructure;
using Temporalio.Common;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>
/// The workflow history of each scenario, checked in under <c>Everruns.Tests/Scenarios/Histories</c>. With
/// <c>EVERRUNS_REFRESH_HISTORIES=1</c> the scenario tests write them instead of comparing with them: the live Temporal
/// suite the histories its server recorded, the replayed one those it built.
/// </summary>
public static class ScenarioHistories
{
    public static bool Refreshing => Environment.GetEnvironmentVariable("EVERRUNS_REFRESH_HISTORIES") == "1";

    public static string Folder => Path.Combine(Repository.Root, "Everruns.Tests", "Scenarios", "Histories");

    public static WorkflowHistory? Load(string scenario)
    {
        var path = PathOf(scenario);
        return File.Exists(path) ? WorkflowHistory.FromJson($"{scenario}-replay", File.ReadAllText(path)) : null;
    }

    public static void Save(string scenario, WorkflowHistory history)
    {
        Directory.CreateDirectory(Folder);
        var json = System.Text.Json.Nodes.JsonNode.Parse(history.ToJson())!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(PathOf(scenario), json + "\n");
    }

    /// <summary>Whether a server recorded the history (its worker's identity) or the suite built it.</summary>
    public static bool WasBuilt(WorkflowHistory history) =>
        history.Events.Any(e => e.WorkflowTaskCompletedEventAttributes?.Identity == HistoryWriter.Identity);

    private static string PathOf(string scenario) => Path.Combine(Folder, $"{scenario}.json");
}
