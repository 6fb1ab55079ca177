using Temporalio.Common;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// The platform a scenario runs on: the real API over HTTP, the database it stores runs in, and whatever executes
/// them (the API itself, a Temporal worker, or the simulated one).
/// </summary>
public interface IScenarioStack : IAsyncDisposable
{
    HttpClient Client { get; }

    string ConnectionString { get; }

    /// <summary>Kills whatever executes the runs, mid-step, and brings it back.</summary>
    Task CrashAsync();

    /// <summary>The workflow history of the run, in Temporal mode; null in-process.</summary>
    Task<WorkflowHistory?> HistoryAsync(Guid runId);
}
