using Everruns.Data.Database;
using Everruns.Data.Secrets;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Everruns.Tests.Secrets;

public sealed class SecretReencryptionServiceTests(ApiFixture api)
{
    private const string Plaintext = "whsec_plain_in_old_row_61a0";

    [Fact]
    public async Task Reports_counts_and_key_ids_and_never_a_secret()
    {
        var database = await api.Postgres.CreateDatabaseAsync("everruns_reencrypt");
        try
        {
            DatabaseMigrator.Migrate(database, NullLogger.Instance);
            var underLostKey = TestKeys.Protector("lost", ("lost", TestKeys.NewKey())).Protect("whsec_lost", SecretPurposes.ToolSecret);
            await RawAgents.InsertAsync(database, $$"""{"tools":[{"name":"a","secret":"{{Plaintext}}"},{"name":"b"}]}""");
            await RawAgents.InsertAsync(database, $$"""{"tools":[{"name":"a","secret":"{{Plaintext}}"}]}""");
            await RawAgents.InsertAsync(database, $$"""{"tools":[{"name":"a","secret":"{{underLostKey}}"}]}""");
            var protector = TestKeys.Protector("A", ("A", TestKeys.NewKey()));
            await using var dataSource = NpgsqlDataSource.Create(database);
            var reencryption = new AgentSecretReencryption(dataSource, new ToolSecretProtection(protector), protector);
            var logger = new RecordingLogger<SecretReencryptionService>();
            var options = Microsoft.Extensions.Options.Options.Create(new SecretsOptions { ReencryptInterval = TimeSpan.FromHours(1), ReencryptBatchSize = 1 });
            using var service = new SecretReencryptionService(reencryption, protector.Ring, options, logger);

            await service.StartAsync(TestContext.Current.CancellationToken);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!logger.Entries.Any(e => e.Contains("cannot be decrypted", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            await service.StopAsync(TestContext.Current.CancellationToken);

            Assert.Contains("Re-encrypted the tool secrets of 2 agents under key A.", logger.Entries);
            Assert.Contains(logger.Entries, e => e.StartsWith("1 agents hold tool secrets that cannot be decrypted (keys: lost)", StringComparison.Ordinal));
            Assert.All(logger.Entries, e =>
            {
                Assert.DoesNotContain(Plaintext, e, StringComparison.Ordinal);
                Assert.DoesNotContain("enc:v1:", e, StringComparison.Ordinal);
            });
            var stored = await RawAgents.AllSecretsAsync(database);
            Assert.Equal(2, stored.Count(s => s.StartsWith("enc:v1:A:", StringComparison.Ordinal)));
            Assert.Contains(underLostKey, stored);

            var again = await reencryption.RunOnceAsync(batchSize: 1, TestContext.Current.CancellationToken);
            Assert.Equal(0, again.Reencrypted);
            Assert.Equal(1, again.Unreadable);
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(database);
        }
    }
}
