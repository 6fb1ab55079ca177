using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Webhooks;

/// <summary>How deliveries go on after failures: on an API whose retries come quickly.</summary>
public sealed class WebhookRetryTests(ApiFixture api) : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> QuickRetries = new Dictionary<string, string?>(ApiFixture.Settings)
    {
        ["Webhooks:RetryBaseDelay"] = "00:00:00.200",
        ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
        ["Webhooks:RetryFor"] = "00:00:05",
        ["Webhooks:AttemptTimeout"] = "00:00:03",
    };

    private OwnApi own = null!;

    public async ValueTask InitializeAsync() => own = await OwnApi.StartAsync(api.Postgres, "everruns_webhook_retries", QuickRetries);

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Fact]
    public async Task A_webhook_that_answers_503_is_tried_again_and_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
            request.Number <= 2 ? WebhookReceiver.Reply(context, 503, "busy", "text/plain") : WebhookReceiver.Reply(context, 200, "{}"));
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskWithWebhookAsync(agent, "Hello.", new { url = receiver.Url, secret = "s3cret" });

        var delivery = Assert.Single(await own.Client.WaitForSettledAsync(run.Id()));
        Assert.Equal("delivered", delivery!["status"]!.GetValue<string>());
        Assert.Equal([("will_retry", (int?)503), ("will_retry", 503), ("delivered", 200)], Deliveries.Attempts(delivery));
        Assert.Contains("503", delivery["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // Nothing more comes once the receiver has answered 2xx.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var requests = receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(requests.Select(r => r.BodyText).Distinct());
        Assert.All(requests, r => Assert.True(Deliveries.SignatureIsValid(r, "s3cret")));
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_in_time_is_tried_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync(async (request, context) =>
        {
            if (request.Number == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await WebhookReceiver.Reply(context, 200, "{}");
        });
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskWithWebhookAsync(agent, "Hello.", new { url = receiver.Url });

        var delivery = Assert.Single(await own.Client.WaitForSettledAsync(run.Id()));
        Assert.Equal([("will_retry", (int?)null), ("delivered", 200)], Deliveries.Attempts(delivery!));
        Assert.Contains("did not answer within 3 s", delivery!["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_4xx_answer_is_not_tried_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync(410, """{"error":"gone"}""");
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskWithWebhookAsync(agent, "Hello.", new { url = receiver.Url });

        var delivery = Assert.Single(await own.Client.WaitForSettledAsync(run.Id()));
        Assert.Equal("failed", delivery!["status"]!.GetValue<string>());
        Assert.Equal([("failed", (int?)410)], Deliveries.Attempts(delivery));
        Assert.Contains("410", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_given_up_when_the_retry_window_ends()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, """{"error":"down"}""");
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskWithWebhookAsync(agent, "Hello.", new { url = receiver.Url });

        var delivery = Assert.Single(await own.Client.WaitForSettledAsync(run.Id()));
        Assert.Equal("failed", delivery!["status"]!.GetValue<string>());
        var attempts = Deliveries.Attempts(delivery);
        Assert.True(attempts.Count >= 3, $"Only {attempts.Count} attempts in the retry window.");
        Assert.All(attempts, a => Assert.Equal(500, a.StatusCode));
        Assert.Equal("failed", attempts[^1].Outcome);
        Assert.Contains("Given up", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(attempts.Count, receiver.Requests.Count);
    }
}
