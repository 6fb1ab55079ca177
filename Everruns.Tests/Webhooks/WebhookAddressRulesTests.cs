using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Webhooks;

/// <summary>Completion webhooks follow the outbound address rules of webhook tools.</summary>
public sealed class WebhookAddressRulesTests(ApiFixture api)
{
    [Fact]
    public async Task A_webhook_on_a_loopback_address_is_refused_unless_private_networks_are_allowed()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["Tools:AllowPrivateNetworks"] = "false" };
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_webhook_addresses", settings);
        await using var receiver = await WebhookReceiver.StartAsync();
        var agent = await own.Client.CreateAgentAsync();
        var byName = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var (_, literal) = await own.Client.AskWithWebhookAsync(agent, "Hello.", new { url = receiver.Url });
        var (_, named) = await own.Client.AskWithWebhookAsync(agent, "Hello again.", new { url = byName });

        foreach (var run in new[] { literal, named })
        {
            var delivery = Assert.Single(await own.Client.WaitForSettledAsync(run.Id()));
            Assert.Equal("failed", delivery!["status"]!.GetValue<string>());
            Assert.Equal([("failed", (int?)null)], Deliveries.Attempts(delivery));
            Assert.Contains("Refused to connect", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("Tools:AllowPrivateNetworks", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Empty(receiver.Requests);
    }
}
