using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Everruns.Data.Secrets;

public static class SecretsExtensions
{
    /// <summary>
    /// The key ring from <c>Secrets:*</c>, validated at start-up, the protector, and the background re-encryption.
    /// Register after the migrator: the re-encryption's first pass reads the agents table.
    /// </summary>
    public static TBuilder AddEverrunsSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        builder.Services.AddSingleton(services => SecretKeyRing.From(services.GetRequiredService<IOptions<SecretsOptions>>().Value));
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<ToolSecretProtection>();
        builder.Services.AddSingleton<AgentSecretReencryption>();
        builder.Services.AddHostedService<SecretKeyRingLog>();
        builder.Services.AddHostedService<SecretReencryptionService>();
        return builder;
    }
}
