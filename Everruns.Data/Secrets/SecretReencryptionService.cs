using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Everruns.Data.Secrets;

/// <summary>
/// Moves stored secrets to the active key, once at start-up and then every <see cref="SecretsOptions.ReencryptInterval"/>:
/// after a rotation, and for plaintext rows written before encryption existed. Every process may run it; the
/// optimistic write makes concurrent passes harmless. Logs counts and key ids, never values.
/// </summary>
public sealed class SecretReencryptionService(
    AgentSecretReencryption reencryption,
    SecretKeyRing ring,
    IOptions<SecretsOptions> options,
    ILogger<SecretReencryptionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReencryptInterval);
        do
        {
            try
            {
                Report(await reencryption.RunOnceAsync(options.Value.ReencryptBatchSize, stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Re-encryption of stored secrets failed; it is tried again in {Interval}.", options.Value.ReencryptInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Report(ReencryptionReport report)
    {
        if (report.Reencrypted > 0)
        {
            logger.LogInformation("Re-encrypted the tool secrets of {AgentCount} agents under key {KeyId}.", report.Reencrypted, ring.ActiveKeyId);
        }

        if (report.Unreadable > 0)
        {
            logger.LogError(
                "{AgentCount} agents hold tool secrets that cannot be decrypted (keys: {KeyIds}); those agents cannot run until the keys are configured again as Secrets:Keys:<id>.",
                report.Unreadable,
                string.Join(", ", report.UnreadableKeyIds));
        }
    }
}
