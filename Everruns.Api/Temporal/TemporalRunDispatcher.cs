using System.Collections.Concurrent;
using System.Threading.Channels;
using Everruns.Data.Notifications;
using Everruns.Data.Runs;
using Everruns.Worker.Temporal;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Everruns.Api.Temporal;

/// <summary>
/// Temporal mode's side of the API: starts workflow <c>run-{runId}</c> for each new run and cancels it when the run's
/// cancel is requested. It hears of both by NOTIFY, and sweeps the runs table now and then for what it missed (it
/// was down, or Temporal was). Starting or cancelling twice is harmless, so the two paths may overlap.
/// </summary>
public sealed class TemporalRunDispatcher(
    ITemporalClient client,
    RunQueue queue,
    PostgresNotificationListener listener,
    TemporalOptions temporal,
    IOptions<TemporalDispatchOptions> options,
    TimeProvider time,
    ILogger<TemporalRunDispatcher> logger) : BackgroundService
{
    private readonly Channel<Command> commands = Channel.CreateUnbounded<Command>();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> started = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> cancelled = new();
    private readonly SemaphoreSlim sweepNow = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        listener.Subscribe(NotificationChannels.RunsReady, payload => Enqueue(payload, cancel: false));
        listener.Subscribe(NotificationChannels.RunCancelRequested, payload => Enqueue(payload, cancel: true));
        listener.Reconnected += SweepSoon;

        var sweeping = SweepAsync(stoppingToken);
        await Parallel.ForEachAsync(
            commands.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stoppingToken },
            async (command, token) => await (command.Cancel ? CancelAsync(command.RunId, token) : StartAsync(command.RunId, token)))
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await sweeping;
    }

    /// <summary>Starts the run's workflow; false when Temporal could not be asked (the sweep tries again).</summary>
    public async Task<bool> StartAsync(Guid runId, CancellationToken cancellationToken)
    {
        started[runId] = time.GetUtcNow();
        try
        {
            await client.StartWorkflowAsync(
                (AgentRunWorkflow workflow) => workflow.RunAsync(new AgentRunInput(runId)),
                new WorkflowOptions(AgentRunWorkflow.IdFor(runId), temporal.TaskQueue)
                {
                    // A workflow that failed or was terminated without ending its run may be started again.
                    IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
                    IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                });
            logger.LogDebug("Started the workflow of run {RunId}", runId);
        }
        catch (WorkflowAlreadyStartedException)
        {
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            started.TryRemove(runId, out _);
            logger.LogWarning(e, "Could not start the workflow of run {RunId}; the sweep tries again", runId);
            return false;
        }

        return true;
    }

    /// <summary>Cancels the run's workflow, which ends the run cancelled. A workflow that is gone needs nothing.</summary>
    public async Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        cancelled[runId] = time.GetUtcNow();
        try
        {
            await client.GetWorkflowHandle(AgentRunWorkflow.IdFor(runId))
                .CancelAsync(new WorkflowCancelOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
            logger.LogDebug("Cancelled the workflow of run {RunId}", runId);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            cancelled.TryRemove(runId, out _);
            logger.LogWarning(e, "Could not cancel the workflow of run {RunId}; the sweep tries again", runId);
            return false;
        }

        return true;
    }

    private void Enqueue(string payload, bool cancel)
    {
        if (Guid.TryParse(payload, out var runId))
        {
            commands.Writer.TryWrite(new Command(runId, cancel));
        }
    }

    private void SweepSoon()
    {
        if (sweepNow.CurrentCount == 0)
        {
            sweepNow.Release();
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sweeping for runs to hand to Temporal failed; trying again");
            }

            try
            {
                await sweepNow.WaitAsync(options.Value.SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var quietSince = now - options.Value.Quiet;
        Forget(started, quietSince);
        Forget(cancelled, quietSince);

        foreach (var runId in await queue.ListPendingAsync(now - options.Value.PendingGrace, 500, stoppingToken))
        {
            if (!started.ContainsKey(runId))
            {
                commands.Writer.TryWrite(new Command(runId, Cancel: false));
            }
        }

        // Cancels that ended a run the API could end alone (a waiting run) also reach its workflow this way.
        foreach (var runId in await queue.ListCancelRequestedAsync(now - options.Value.Quiet, 500, stoppingToken))
        {
            if (!cancelled.ContainsKey(runId))
            {
                commands.Writer.TryWrite(new Command(runId, Cancel: true));
            }
        }
    }

    private static void Forget(ConcurrentDictionary<Guid, DateTimeOffset> seen, DateTimeOffset before)
    {
        foreach (var (runId, at) in seen)
        {
            if (at < before)
            {
                seen.TryRemove(runId, out _);
            }
        }
    }

    private sealed record Command(Guid RunId, bool Cancel);
}
