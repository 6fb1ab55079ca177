using Everruns.Data.Notifications;
using Everruns.Data.Schedules;
using Microsoft.Extensions.Options;

namespace Everruns.Api.Schedules;

/// <summary>
/// Fires the schedules that are due, from every API instance that runs it: each pass claims the due fires in the
/// database (each one once, whichever instance comes first) and starts their runs, then sleeps until the next fire
/// is due, or until a schedule changes somewhere (NOTIFY), or at most <see cref="SchedulesOptions.MaxWait"/>. Time is
/// read from <see cref="TimeProvider"/>.
/// </summary>
public sealed class Scheduler(
    ScheduleFireStore fires,
    ScheduleFirer firer,
    PostgresNotificationListener listener,
    TimeProvider time,
    IOptions<SchedulesOptions> options,
    ILogger<Scheduler> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>A fire due but held by another instance's claim: look again shortly, not in a tight loop.</summary>
    private static readonly TimeSpan ContendedDelay = TimeSpan.FromMilliseconds(100);

    private TaskCompletionSource changed = NewSignal();

    /// <summary>Makes the scheduler look at the schedules again now.</summary>
    private void Wake() => Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        listener.Subscribe(NotificationChannels.SchedulesChanged, _ => Wake());
        listener.Reconnected += Wake;
        await listener.Listening.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = Volatile.Read(ref changed).Task;
            TimeSpan wait;
            try
            {
                wait = await FireDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Firing schedules failed; trying again in {Delay}", RetryDelay);
                wait = RetryDelay;
            }

            await SleepAsync(wait, woken, stoppingToken);
        }
    }

    /// <summary>Starts the runs of the fires due now, and says how long to sleep before the next one.</summary>
    private async Task<TimeSpan> FireDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var claimed = new List<ScheduleFire>();
        claimed.AddRange(await fires.TakeOverAbandonedAsync(now, settings.FireLease, settings.BatchSize, cancellationToken));
        claimed.AddRange(await fires.ClaimDueAsync(now, settings.FireLease, settings.MissedFireGrace, settings.BatchSize, cancellationToken));
        foreach (var fire in claimed)
        {
            try
            {
                await firer.StartAsync(fire, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The fire stays claimed: it is started again when its lock runs out.
                logger.LogWarning(e, "Starting the run of schedule {ScheduleId} for {ScheduledFor:O} failed; trying again in {Lease}", fire.ScheduleId, fire.ScheduledFor, settings.FireLease);
            }
        }

        if (claimed.Count >= settings.BatchSize)
        {
            return TimeSpan.Zero;
        }

        var next = await fires.NextWakeAsync(cancellationToken);
        if (next is null)
        {
            return settings.MaxWait;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero && claimed.Count == 0 ? ContendedDelay : TimeSpan.FromTicks(Math.Min(wait.Ticks, settings.MaxWait.Ticks));
    }

    private async Task SleepAsync(TimeSpan wait, Task woken, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, time, stop.Token);
        await Task.WhenAny(delay, woken);
        await stop.CancelAsync();
        await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
