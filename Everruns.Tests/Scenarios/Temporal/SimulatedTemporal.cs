using System.Collections.Concurrent;
using Everruns.Tests.Temporal;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>
/// Stands in for a Temporal server and its worker where none can run: a real Temporal client (the API's) whose
/// starts, signals and cancels are answered here, and for each started workflow a <see cref="WorkflowSimulation"/>
/// that writes its history as a server would, runs the real workflow code against it with the SDK's replayer, and
/// runs the activities it schedules in <c>ActivityEnvironment</c> on a worker host against the real database.
/// </summary>
public sealed class SimulatedTemporal : IClientInterceptor, IAsyncDisposable
{
    private readonly Func<Task<ActivityTestHost>> startWorker;
    private readonly ConcurrentDictionary<string, WorkflowSimulation> workflows = new();
    private readonly SemaphoreSlim workerLock = new(1, 1);
    private readonly List<ActivityTestHost> stopped = [];
    private ActivityTestHost? worker;

    /// <param name="startWorker">Starts a worker host on the API's database, with the scenario's settings.</param>
    public SimulatedTemporal(Func<Task<ActivityTestHost>> startWorker)
    {
        this.startWorker = startWorker;
        Client = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1") { Interceptors = [this] });
    }

    public ITemporalClient Client { get; }

    /// <summary>The history of the workflow, once it has ended.</summary>
    public Task<WorkflowHistory> HistoryAsync(string workflowId) =>
        workflows.TryGetValue(workflowId, out var workflow)
            ? workflow.Completion
            : throw new InvalidOperationException($"No workflow {workflowId} was started.");

    /// <summary>The worker dies: what it is doing stops where it is, and Temporal gives it to a new worker once the heartbeats stop.</summary>
    public async Task CrashWorkerAsync()
    {
        foreach (var workflow in workflows.Values)
        {
            await workflow.CrashAsync();
        }
    }

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

    public async ValueTask DisposeAsync()
    {
        foreach (var workflow in workflows.Values)
        {
            await workflow.DisposeAsync();
        }

        foreach (var host in stopped.Append(worker).OfType<ActivityTestHost>())
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The worker activities run on now.</summary>
    internal async Task<ActivityTestHost> WorkerAsync()
    {
        await workerLock.WaitAsync();
        try
        {
            return worker ??= await startWorker();
        }
        finally
        {
            workerLock.Release();
        }
    }

    /// <summary>Stops the worker as abruptly as a crash allows (its event writer stores nothing more) and starts another.</summary>
    internal async Task<ActivityTestHost> ReplaceWorkerAsync(ActivityTestHost dead)
    {
        await workerLock.WaitAsync();
        try
        {
            if (worker == dead)
            {
                await dead.StopAsync();
                stopped.Add(dead);
                worker = await startWorker();
            }

            return worker!;
        }
        finally
        {
            workerLock.Release();
        }
    }

    private sealed class Outbound(SimulatedTemporal temporal, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            var id = input.Options.Id!;
            var workflow = new WorkflowSimulation(temporal, id, input.Workflow, input.Options.TaskQueue!, input.Args);
            if (!temporal.workflows.TryAdd(id, workflow))
            {
                throw new WorkflowAlreadyStartedException("Workflow execution is already running.", id, input.Workflow, "simulated-run");
            }

            workflow.Start();
            return Task.FromResult(new WorkflowHandle<TWorkflow, TResult>(temporal.Client, id));
        }

        public override Task SignalWorkflowAsync(SignalWorkflowInput input)
        {
            // A workflow that is not running has nothing to signal (a server answers "not found").
            if (temporal.workflows.TryGetValue(input.Id, out var workflow))
            {
                workflow.Signal(input.Signal, input.Args);
            }

            return Task.CompletedTask;
        }

        public override Task CancelWorkflowAsync(CancelWorkflowInput input)
        {
            if (temporal.workflows.TryGetValue(input.Id, out var workflow))
            {
                workflow.RequestCancel();
            }

            return Task.CompletedTask;
        }
    }
}
