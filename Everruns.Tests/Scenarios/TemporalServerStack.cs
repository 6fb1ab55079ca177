using Everruns.Tests.Infrastructure;
using Everruns.Tests.Temporal;
using Everruns.Worker.Temporal;
using Temporalio.Client;
using Temporalio.Common;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// Temporal mode against the server at <c>TEMPORAL_ADDRESS</c>: the API in Temporal mode and a worker process. A crash
/// is a SIGKILL of the worker and a new one; the history is the one the server recorded.
/// </summary>
public sealed class TemporalServerStack(LiveTemporalStack live) : IScenarioStack
{
    public HttpClient Client => live.Client;

    public string ConnectionString => live.Api.ConnectionString;

    public static async Task<TemporalServerStack> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?> settings) =>
        new(await LiveTemporalStack.StartAsync(postgres, settings));

    public async Task CrashAsync()
    {
        await live.KillWorkerAsync();
        await live.StartWorkerAsync();
    }

    public async Task<WorkflowHistory?> HistoryAsync(Guid runId)
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(LiveTemporalStack.ServerAddress!) { Namespace = LiveTemporalStack.Namespace });
        var handle = client.GetWorkflowHandle(AgentRunWorkflow.IdFor(runId));
        // The run ends in the workflow's last activity; the workflow itself closes a moment later.
        try
        {
            await handle.GetResultAsync<AgentRunResult>().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Temporalio.Exceptions.WorkflowFailedException)
        {
            // Cancelled or failed: its history is what the scenario is about.
        }

        return await handle.FetchHistoryAsync();
    }

    public ValueTask DisposeAsync() => live.DisposeAsync();
}
