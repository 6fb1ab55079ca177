using System.Collections.Concurrent;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Webhooks;

/// <summary>Several API instances on one database share the outbox: each delivery is made by one of them, once.</summary>
public sealed class WebhookInstancesTests(ApiFixture api)
{
    [Fact]
    public async Task Two_api_instances_deliver_each_webhook_once()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings);
        await using var first = await OwnApi.StartAsync(api.Postgres, "everruns_webhook_instances", settings);
        await using var second = new ApiFactory(first.ConnectionString, settings);
        var secondClient = second.CreateClient();
        var answered = new ConcurrentDictionary<string, int>();
        await using var receiver = await WebhookReceiver.StartAsync(async (request, context) =>
        {
            // A little slow, so that both instances are delivering at the same time.
            await Task.Delay(50, context.RequestAborted);
            answered.AddOrUpdate(request.Header("Idempotency-Key")!, 1, (_, n) => n + 1);
            await WebhookReceiver.Reply(context, 200, "{}");
        });
        var agent = await first.Client.CreateAgentAsync();

        var runs = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (_, run) = await (i % 2 == 0 ? first.Client : secondClient).AskWithWebhookAsync(agent, $"Question {i}.", new { url = receiver.Url });
            runs.Add(run.Id());
        }

        foreach (var run in runs)
        {
            var delivery = Assert.Single(await first.Client.WaitForSettledAsync(run));
            Assert.Equal("delivered", delivery!["status"]!.GetValue<string>());
            Assert.Single(delivery["attempts"]!.AsArray());
        }

        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(20, answered.Count);
        Assert.All(answered, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(20, receiver.Requests.Count);
    }
}
