using System.Collections.Concurrent;
using Everruns.Data.Notifications;
using Everruns.Data.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Webhooks;

/// <summary>
/// Delivers completion webhooks from the outbox (<see cref="WebhookDeliveryStore"/>). It claims due deliveries under a
/// lease, makes one attempt each, and settles it: a 2xx is stored as delivered at once, before the lease could lapse,
/// so a receiver that answered 2xx is never called again; a transient failure is tried again with backoff until
/// <see cref="CompletionWebhookOptions.RetryFor"/> has passed since the turn ended; a permanent one is given up.
/// Every process that runs it shares the work; a delivery whose process died is taken over when its lease expires.
/// It is woken when deliveries are queued (NOTIFY), and looks again when the next one falls due.
/// </summary>
public sealed class CompletionWebhookDeliverer(
    WebhookDeliveryStore store,
    CompletionWebhookSender sender,
    PostgresNotificationListener listener,
    IOptions<CompletionWebhookOptions> options,
    TimeProvider time,
    ILogger<CompletionWebhookDeliverer> logger) : BackgroundService
{
    private const int SettleAttempts = 5;

    private readonly string owner = $"webhooks:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, Task> executing = new();
    private readonly SemaphoreSlim wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.MaxConcurrentDeliveries == 0)
        {
            return;
        }

        listener.Subscribe(NotificationChannels.WebhookDeliveries, _ => Wake());
        listener.Reconnected += Wake;
        await Task.WhenAny(listener.Listening, Task.Delay(Timeout.Infinite, stoppingToken));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = settings.MaxConcurrentDeliveries - executing.Count;
                if (free > 0)
                {
                    var claimed = await store.ClaimAsync(owner, settings.Lease, free, [.. executing.Keys], stoppingToken);
                    foreach (var delivery in claimed)
                    {
                        Start(delivery, stoppingToken);
                    }

                    if (claimed.Count == free)
                    {
                        // There may be more due: go on once a slot is free.
                        await wake.WaitAsync(settings.PollInterval, stoppingToken);
                        continue;
                    }
                }

                var next = await store.NextDueAsync([.. executing.Keys], stoppingToken);
                var wait = next is { } due ? Clamp(due - time.GetUtcNow(), settings.PollInterval) : settings.PollInterval;
                if (wait > TimeSpan.Zero)
                {
                    await wake.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for completion webhooks to deliver failed; trying again in {Interval}", settings.PollInterval);
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        // The attempts in flight were cancelled with stoppingToken; wait while they give their deliveries back.
        await Task.WhenAll(executing.Values);
    }

    private void Start(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var delivering = Task.Run(() => DeliverAsync(delivery, stoppingToken), CancellationToken.None);
        executing[delivery.Id] = delivering;
        // Registered after the entry is made, so that it is removed even when the delivery is already over.
        _ = delivering.ContinueWith(
            _ =>
            {
                executing.TryRemove(delivery.Id, out var _);
                Wake();
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var result = await sender.SendAsync(delivery, stoppingToken);
            await SettleAsync(delivery, result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(delivery);
        }
        catch (Exception e)
        {
            // The lease runs out, and the delivery is attempted again.
            logger.LogWarning(e, "Completion webhook {DeliveryId} of run {RunId}: attempt {Attempt} could not be settled", delivery.Id, delivery.Run.RunId, delivery.Attempt);
        }
    }

    private async Task SettleAsync(ClaimedDelivery delivery, DeliveryResult result)
    {
        var settings = options.Value;
        switch (result)
        {
            case DeliveryResult.Delivered delivered:
                // Stored before anything else happens: retried rather than left to the lease.
                await WithRetriesAsync(() => store.DeliveredAsync(delivery, delivered.StatusCode, CancellationToken.None));
                logger.LogDebug("Completion webhook {DeliveryId} of run {RunId} delivered (attempt {Attempt})", delivery.Id, delivery.Run.RunId, delivery.Attempt);
                break;
            case DeliveryResult.Transient transient:
                var delay = DeliveryBackoff.After(delivery.Attempt, transient.RetryAfter, settings, Random.Shared);
                if (time.GetUtcNow() + delay > delivery.Run.EndedAt + settings.RetryFor)
                {
                    var gaveUp = $"Given up after {delivery.Attempt} attempts over {settings.RetryFor} (Webhooks:RetryFor). {transient.Error}";
                    await store.FailedAsync(delivery, owner, transient.StatusCode, gaveUp, CancellationToken.None);
                    logger.LogWarning("Completion webhook {DeliveryId} of run {RunId} given up after {Attempts} attempts: {Error}", delivery.Id, delivery.Run.RunId, delivery.Attempt, transient.Error);
                }
                else
                {
                    await store.RetryLaterAsync(delivery, owner, transient.StatusCode, transient.Error, delay, CancellationToken.None);
                    logger.LogInformation(
                        "Completion webhook {DeliveryId} of run {RunId}: attempt {Attempt} failed ({Error}); trying again in {Delay}",
                        delivery.Id, delivery.Run.RunId, delivery.Attempt, transient.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer", delay);
                }

                break;
            case DeliveryResult.Permanent permanent:
                await store.FailedAsync(delivery, owner, permanent.StatusCode, permanent.Error, CancellationToken.None);
                logger.LogWarning("Completion webhook {DeliveryId} of run {RunId} failed: {Error}", delivery.Id, delivery.Run.RunId, permanent.Error);
                break;
        }
    }

    /// <summary>Gives the delivery back as this process stops; if that fails, its lease runs out instead.</summary>
    private async Task ReleaseAsync(ClaimedDelivery delivery)
    {
        try
        {
            await store.ReleaseAsync(delivery, owner, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Completion webhook {DeliveryId} could not be given back; its lease runs out instead", delivery.Id);
        }
    }

    private static async Task WithRetriesAsync(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception) when (attempt < SettleAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private static TimeSpan Clamp(TimeSpan wait, TimeSpan max) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
}
