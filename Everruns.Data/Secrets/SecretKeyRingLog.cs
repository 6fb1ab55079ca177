using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Everruns.Data.Secrets;

/// <summary>Says at start-up which key protects secrets, and warns loudly when it is the public development key.</summary>
public sealed class SecretKeyRingLog(SecretKeyRing ring, ILogger<SecretKeyRingLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ring.UsesDevelopmentKey)
        {
            logger.LogWarning(
                "Tool secrets are protected only by the built-in development key, which is public: anyone with a copy of the database can read them. " +
                "Configure a real key: Secrets__Keys__<id>=<base64 of 32 random bytes> (openssl rand -base64 32) and Secrets__ActiveKeyId=<id>.");
        }
        else
        {
            logger.LogInformation("Tool secrets are encrypted with key {ActiveKeyId}; keys that decrypt: {KeyIds}.", ring.ActiveKeyId, string.Join(", ", ring.KeyIds));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
