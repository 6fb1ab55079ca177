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

        // A failure (the database is down) is said once, and its end once, not at every retry.
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = Volatile.Read(ref changed).Task;
            DateTimeOffset wakeAt;
            try
            {
                wakeAt = await FireDueAsync(stoppingToken);
                if (failing)
                {
                    logger.LogInformation("Firing schedules works again");
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    logger.LogWarning(e, "Firing schedules failed; trying again every {Delay}", RetryDelay);
                    failing = true;
                }

                wakeAt = time.GetUtcNow() + RetryDelay;
            }

            await SleepAsync(wakeAt, woken, stoppingToken);
        }
    }

    /// <summary>Starts the runs of the fires due now, and says when to look again.</summary>
    private async Task<DateTimeOffset> FireDueAsync(CancellationToken cancellationToken)
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
            return now;
        }

        var next = await fires.NextWakeAsync(cancellationToken);
        if (next <= now && claimed.Count == 0)
        {
            // Due, yet not ours: another instance holds it in its claim, which it commits in a moment. The wait is
            // for that transaction, so it is on the wall clock.
            await Task.Delay(ContendedDelay, cancellationToken);
            return next.Value;
        }

        var latest = time.GetUtcNow() + settings.MaxWait;
        return next is { } at && at < latest ? at : latest;
    }

    private async Task SleepAsync(DateTimeOffset wakeAt, Task woken, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var wait = wakeAt - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        var delay = Task.Delay(wait, time, stop.Token);
        // The clock may have moved on while the timer was being set (a test's fake clock jumps).
        if (time.GetUtcNow() < wakeAt)
        {
            await Task.WhenAny(delay, woken);
        }

        await stop.CancelAsync();
        await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
