using Everruns.Tests.Infrastructure;
using Everruns.Tests.Scenarios.Temporal;
using Everruns.Tests.Temporal;
using Everruns.Worker.Temporal;
using Temporalio.Common;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// Temporal mode without a server: the real API in Temporal mode, whose Temporal client talks to a
/// <see cref="SimulatedTemporal"/> that runs the real workflow by replay and its activities in
/// <c>ActivityEnvironment</c> on worker hosts against the same database. A crash stops the worker mid-activity.
/// </summary>
public sealed class TemporalReplayStack : IScenarioStack
{
    private readonly PostgresServer postgres;
    private readonly SimulatedTemporal temporal;
    private readonly TemporalModeApi api;

    private TemporalReplayStack(PostgresServer postgres, SimulatedTemporal temporal, TemporalModeApi api)
    {
        this.postgres = postgres;
        this.temporal = temporal;
        this.api = api;
        Client = api.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(100);
    }

    public HttpClient Client { get; }

    public string ConnectionString => api.ConnectionString;

    public static async Task<TemporalReplayStack> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?> settings)
    {
        TemporalModeApi? api = null;
        var temporal = new SimulatedTemporal(() => ActivityTestHost.JoinAsync(api!.ConnectionString, settings));
        api = await TemporalModeApi.StartAsync(postgres, temporal.Client, settings);
        return new TemporalReplayStack(postgres, temporal, api);
    }

    public Task CrashAsync() => temporal.CrashWorkerAsync();

    public async Task<WorkflowHistory?> HistoryAsync(Guid runId) =>
        await temporal.HistoryAsync(AgentRunWorkflow.IdFor(runId)).WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await temporal.DisposeAsync();
        await api.DisposeAsync();
        await postgres.DropDatabaseAsync(api.ConnectionString);
    }
}
