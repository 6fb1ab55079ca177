using Everruns.Data.Agents;
using Everruns.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Everruns.Tests.Secrets;

/// <summary>Rotating the key without downtime: old rows stay readable, and move to the new key in the background.</summary>
public sealed class KeyRotationTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_under_the_old_key_move_to_the_new_one_and_read_the_same_after_the_old_key_is_gone()
    {
        var keyA = ("A", TestKeys.NewKey());
        var keyB = ("B", TestKeys.NewKey());
        var database = await api.Postgres.CreateDatabaseAsync("everruns_rotation");
        var plaintexts = new Dictionary<Guid, string[]>();
        try
        {
            await using (var underA = new ApiFactory(database, TestKeys.Settings("A", keyA)))
            {
                var client = underA.CreateClient();
                for (var i = 0; i < 5; i++)
                {
                    var secrets = new[] { $"whsec_rotation_{i}_one", $"whsec_rotation_{i}_two" };
                    var agent = await client.CreateAgentAsync(definition: new
                    {
                        tools = secrets.Select((secret, n) => new { type = "webhook", name = $"hook_{n}", url = "https://example.com/hook", secret }),
                    });
                    plaintexts[Guid.Parse(agent.Id())] = secrets;
                }

                await RawAgents.WaitForAllSecretsAsync(database, "enc:v1:A:", expected: 10, TimeSpan.Zero);
            }

            await using (var rotating = new ApiFactory(database, TestKeys.Settings("B", keyA, keyB)))
            {
                _ = rotating.Server;
                var stored = await RawAgents.WaitForAllSecretsAsync(database, "enc:v1:B:", expected: 10);
                Assert.DoesNotContain(stored, secret => plaintexts.Values.SelectMany(s => s).Any(p => secret.Contains(p, StringComparison.Ordinal)));
                await AssertReadsAsync(rotating, plaintexts);
            }

            await using var onlyB = new ApiFactory(database, TestKeys.Settings("B", keyB));
            _ = onlyB.Server;
            await AssertReadsAsync(onlyB, plaintexts);
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(database);
        }
    }

    private static async Task AssertReadsAsync(ApiFactory host, Dictionary<Guid, string[]> plaintexts)
    {
        var store = host.Services.GetRequiredService<AgentStore>();
        foreach (var (id, secrets) in plaintexts)
        {
            var agent = await store.GetAsync(id, Ct);
            Assert.Equal(secrets, agent!.Definition.Tools.Select(tool => tool.Secret));
        }

        var listed = await store.ListAsync(null, new Everruns.Data.PageRequest(100, 0), Ct);
        Assert.Equal(plaintexts.Count, listed.Data.Count);
    }
}
