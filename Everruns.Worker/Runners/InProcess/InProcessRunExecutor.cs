using System.Collections.Concurrent;
using Everruns.Data.Events;
using Everruns.Data.Notifications;
using Everruns.Data.Runs;
using Everruns.Worker.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Runners.InProcess;

/// <summary>
/// Executes runs inside this process, with the runs table as the queue: claims pending runs (and runs whose
/// executor died), renews their leases while working, and lets go of them cleanly on shutdown so another
/// process, or this one restarted, resumes them at once. Runs created in this process are handed to it directly.
/// It holds a <see cref="LivenessLock"/> named after itself for as long as it lives: a peer, or this process
/// restarted, takes over the runs of an executor whose lock is gone at its next look at the queue.
/// </summary>
public sealed class InProcessRunExecutor(
    RunQueue queue,
    AgentLoop loop,
    RunEventWriter writer,
    PostgresNotificationListener listener,
    IOptions<InProcessRunnerOptions> options,
    ILogger<InProcessRunExecutor> logger) : BackgroundService
{
    private readonly string owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, RunControl> active = new();
    private readonly ConcurrentDictionary<Guid, Task> executions = new();
    private readonly ConcurrentDictionary<Guid, byte> toRelease = new();
    private readonly SemaphoreSlim wake = new(0, int.MaxValue);
    private volatile bool taking;

    public string Owner => owner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var alive = listener.HoldLockAsync(owner);
        listener.Subscribe(NotificationChannels.RunsReady, _ => Wake());
        listener.Subscribe(NotificationChannels.RunCancelRequested, payload =>
        {
            if (Guid.TryParse(payload, out var runId))
            {
                Cancel(runId);
            }
        });

        var renewal = Task.Run(() => RenewLeasesAsync(stoppingToken), CancellationToken.None);
        await listener.Listening.WaitAsync(stoppingToken);

        // No run is held before the lock says this executor is alive.
        await alive.WaitAsync(stoppingToken);
        logger.LogInformation("In-process runner {Owner} is taking runs", owner);
        taking = true;

        // Runs whose executor died are looked for at start and at every poll; a notification only means new work.
        var lookForOrphans = true;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ClaimAndStartAsync(lookForOrphans, stoppingToken);
                if (failing)
                {
                    logger.LogInformation("Claiming runs works again");
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    logger.LogWarning(e, "Claiming runs failed; trying again at every poll");
                    failing = true;
                }
            }

            try
            {
                lookForOrphans = !await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The claim to create a run with, or null when this executor takes no more runs now.</summary>
    public HandoffClaim? Offer() =>
        taking && active.Count < options.Value.MaxConcurrentRuns ? new HandoffClaim(owner, options.Value.LeaseDuration) : null;

    /// <summary>Starts executing a run that was created with an offered claim, from its context read as it was created.</summary>
    public void Take(Run run, RunContext context)
    {
        if (!taking)
        {
            // Stopping since the offer: the run's lease runs out and another executor (or this one restarted) takes it.
            logger.LogInformation("Run {RunId} arrived while stopping; it will be resumed", run.Id);
            return;
        }

        if (!Start(run, context))
        {
            logger.LogWarning("Run {RunId} was handed over twice", run.Id);
        }
    }

    /// <summary>Stops a run this executor is executing, to end it cancelled. False when it executes no such run.</summary>
    public bool Cancel(Guid runId)
    {
        if (!active.TryGetValue(runId, out var control))
        {
            return false;
        }

        control.Stop(StopReason.CancelRequested);
        return true;
    }

    /// <summary>
    /// Takes a run nobody executes whose cancel was asked for, and ends it here and now. Ending a run is a short write,
    /// so it does not wait for room. False when the run could not be taken (someone else took it first).
    /// </summary>
    public async Task<bool> EndCancelledAsync(Guid runId, CancellationToken cancellationToken)
    {
        var claimed = await queue.ClaimAsync(owner, options.Value.LeaseDuration, 1, [.. active.Keys], cancellationToken, only: runId);
        if (claimed is not [var run] || !run.CancelRequested || !Start(run))
        {
            return false;
        }

        await (executions.TryGetValue(runId, out var execution) ? execution : Task.CompletedTask);
        return true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        taking = false;
        foreach (var control in active.Values)
        {
            control.Stop(StopReason.Shutdown);
        }

        await base.StopAsync(cancellationToken);
        await Task.WhenAll(executions.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Runs still going: let go of them so they can be resumed at once (those that stopped let go on their own).
        await ReleaseQuietlyAsync([.. active.Keys]);
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private async Task ClaimAndStartAsync(bool lookForOrphans, CancellationToken stoppingToken)
    {
        var orphans = lookForOrphans ? new OrphanRules(options.Value.RestartGrace, options.Value.SilentHolderTimeout) : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var room = options.Value.MaxConcurrentRuns - active.Count;
            if (room <= 0)
            {
                return;
            }

            var claimed = await queue.ClaimAsync(
                owner, options.Value.LeaseDuration, Math.Min(room, 50), [.. active.Keys], stoppingToken, orphans: orphans);
            foreach (var run in claimed)
            {
                Start(run);
            }

            if (claimed.Count < Math.Min(room, 50))
            {
                return;
            }
        }
    }

    private bool Start(Run run, RunContext? context = null)
    {
        var control = new RunControl();
        if (!active.TryAdd(run.Id, control))
        {
            control.Dispose();
            return false;
        }

        executions[run.Id] = Task.Run(() => ExecuteAsync(run, control, context), CancellationToken.None);
        return true;
    }

    private async Task ExecuteAsync(Run run, RunControl control, RunContext? context)
    {
        try
        {
            if (run.Attempt > 1)
            {
                logger.LogInformation("Resuming run {RunId} (attempt {Attempt})", run.Id, run.Attempt);
            }

            if (!await loop.ExecuteAsync(run, owner, control, context) && control.Reason != StopReason.LeaseLost)
            {
                // It stopped here without ending (this process is stopping, or storing failed): any executor may take it now.
                await ReleaseQuietlyAsync([run.Id]);
            }
        }
        finally
        {
            writer.Close(run.Id);
            active.TryRemove(run.Id, out _);
            executions.TryRemove(run.Id, out _);
            control.Dispose();
            Wake();
        }
    }

    private async Task ReleaseQuietlyAsync(IReadOnlyCollection<Guid> runIds)
    {
        try
        {
            await queue.ReleaseAsync(owner, runIds, CancellationToken.None);
            foreach (var runId in runIds)
            {
                toRelease.TryRemove(runId, out _);
            }
        }
        catch (Exception e)
        {
            // The lease renewal tries again: until then they stay held by this executor, which is alive.
            logger.LogWarning(e, "Letting go of {Count} run(s) failed; trying again", runIds.Count);
            foreach (var runId in runIds)
            {
                toRelease.TryAdd(runId, 0);
            }
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!toRelease.IsEmpty)
            {
                await ReleaseQuietlyAsync([.. toRelease.Keys]);
            }

            var ids = active.Keys.ToArray();
            try
            {
                var held = (await queue.RenewAsync(owner, ids, options.Value.LeaseDuration, stoppingToken)).ToDictionary(h => h.Id);
                foreach (var id in ids)
                {
                    if (!active.TryGetValue(id, out var control))
                    {
                        continue;
                    }

                    if (!held.TryGetValue(id, out var state))
                    {
                        control.Stop(StopReason.LeaseLost);
                    }
                    else if (state.CancelRequested)
                    {
                        control.Stop(StopReason.CancelRequested);
                    }
                }

                if (failing)
                {
                    logger.LogInformation("Renewing leases works again");
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The runs are still this executor's while its liveness lock says it is alive: keep trying.
                if (!failing)
                {
                    logger.LogWarning(e, "Renewing leases failed; trying again at every renewal");
                    failing = true;
                }
            }
        }
    }
}
