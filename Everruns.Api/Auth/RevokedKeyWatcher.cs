using Everruns.Data.Keys;
using Everruns.Data.Notifications;

namespace Everruns.Api.Auth;

/// <summary>
/// Hears of keys revoked by any API process (a database notification, within moments), and as a safety net checks the
/// keys with open requests every <see cref="CheckEvery"/>: a revoked key's requests end within 30 s everywhere, even
/// when a notification was lost.
/// </summary>
public sealed class RevokedKeyWatcher(
    PostgresNotificationListener listener, OpenKeyRequests requests, ApiKeyStore keys, ILogger<RevokedKeyWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Subscribe(NotificationChannels.ApiKeysRevoked, payload =>
        {
            if (Guid.TryParse(payload, out var keyId))
            {
                requests.Revoked([keyId]);
            }
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckOpenKeysAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckOpenKeysAsync(CancellationToken cancellationToken)
    {
        var open = requests.Keys;
        if (open.Count == 0)
        {
            return;
        }

        try
        {
            requests.Revoked(await keys.ListRevokedAsync(open, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not check whether the keys of open requests were revoked: {Error}", e.Message);
        }
    }
}
