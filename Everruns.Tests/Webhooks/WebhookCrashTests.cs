using System.Collections.Concurrent;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Webhooks;

/// <summary>
/// The API process is killed (SIGKILL) while a completion webhook waits to be tried again, and again while an attempt
/// is in flight: after each restart the delivery goes on, and the receiver answers 2xx exactly once.
/// </summary>
public sealed class WebhookCrashTests(ApiFixture api)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Tools__AllowPrivateNetworks"] = "true",
        ["Models__Simulator__TokensPerSecond"] = "200",
        ["Webhooks__AttemptTimeout"] = "00:00:04",
        ["Webhooks__RetryMaxDelay"] = "00:00:04",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task A_webhook_pending_or_in_flight_when_the_api_is_killed_is_delivered_once_after_restarts()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_webhook_crash");
        var port = FreePort.Find();
        var process = await ApiProcess.StartAsync(connectionString, port, Settings);
        var sender = process;
        var outcomes = new ConcurrentQueue<string>();
        var secondArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync(async (request, context) =>
        {
            switch (request.Number)
            {
                case 1:
                    outcomes.Enqueue("503");
                    context.Response.Headers.RetryAfter = "3";
                    await WebhookReceiver.Reply(context, 503, "busy", "text/plain");
                    break;
                case 2:
                    // The process that sent it is killed while it waits for the answer (here, not in the test's flow,
                    // so that no startup or scheduling delay lets the attempt time out first).
                    await Volatile.Read(ref sender).KillAsync();
                    secondArrived.TrySetResult();
                    await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    outcomes.Enqueue(context.RequestAborted.IsCancellationRequested ? "sender gone" : "held too long");
                    break;
                default:
                    outcomes.Enqueue("200");
                    await WebhookReceiver.Reply(context, 200, "{}");
                    break;
            }
        });
        try
        {
            using var client = new HttpClient { BaseAddress = process.Address };
            var agent = await client.CreateAgentAsync();
            var (_, run) = await client.AskWithWebhookAsync(agent, "Call me back.", new { url = receiver.Url, secret = "crash-secret" });

            // Killed while the delivery waits to be tried again.
            await Deliveries.EventuallyAsync(() => outcomes.Contains("503"), "the first attempt was answered 503");
            await WaitForAttemptAsync(client, run.Id(), "will_retry");
            await process.KillAsync();
            await process.DisposeAsync();
            process = ApiProcess.Launch(connectionString, port, Settings);
            Volatile.Write(ref sender, process);

            // Killed while the second attempt is in flight.
            await secondArrived.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
            await process.DisposeAsync();
            process = await ApiProcess.StartAsync(connectionString, port, Settings);

            var delivery = Assert.Single(await client.WaitForSettledAsync(run.Id(), timeout: TimeSpan.FromSeconds(60)))!;
            Assert.Equal("delivered", delivery["status"]!.GetValue<string>());
            Assert.Equal([("will_retry", (int?)503), ("interrupted", null), ("delivered", 200)], Deliveries.Attempts(delivery));

            // Longer than a lease: nobody sends it again.
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.Equal(["503", "sender gone", "200"], outcomes);
            var requests = receiver.Requests;
            Assert.Equal(3, requests.Count);
            Assert.Single(requests.Select(r => r.Header("Idempotency-Key")).Distinct());
            Assert.Single(requests.Select(r => r.BodyText).Distinct());
            Assert.All(requests, r => Assert.True(Deliveries.SignatureIsValid(r, "crash-secret")));
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task WaitForAttemptAsync(HttpClient client, string runId, string outcome)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var deliveries = await client.DeliveriesAsync(runId);
            if (deliveries.Count == 1 && Deliveries.Attempts(deliveries[0]!).Any(a => a.Outcome == outcome))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No attempt {outcome} yet: {deliveries.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
