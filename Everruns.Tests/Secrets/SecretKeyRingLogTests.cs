using Everruns.Data.Secrets;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Secrets;

public sealed class SecretKeyRingLogTests
{
    [Fact]
    public async Task Warns_when_only_the_development_key_protects_secrets_and_says_how_to_configure_one()
    {
        var logger = new RecordingLogger<SecretKeyRingLog>();

        await new SecretKeyRingLog(SecretKeyRing.From(new SecretsOptions()), logger).StartAsync(TestContext.Current.CancellationToken);

        Assert.Contains(logger.Entries, entry =>
            entry.Contains("development key", StringComparison.Ordinal)
            && entry.Contains("Secrets__Keys__<id>", StringComparison.Ordinal)
            && entry.Contains("Secrets__ActiveKeyId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_the_active_key_and_never_the_key_material()
    {
        var key = TestKeys.NewKey();
        var logger = new RecordingLogger<SecretKeyRingLog>();

        await new SecretKeyRingLog(SecretKeyRing.From(TestKeys.Options("A", ("A", key))), logger).StartAsync(TestContext.Current.CancellationToken);

        Assert.Contains(logger.Entries, e => e.Contains("encrypted with key A", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Contains("development key", StringComparison.Ordinal) || e.Contains(key, StringComparison.Ordinal));
    }
}
