using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Webhooks;

/// <summary>Starting runs with a completion webhook, and following their deliveries, through the API.</summary>
public static class Deliveries
{
    /// <summary>Posts the user's message to a new thread of the agent and starts a run on it, with <paramref name="webhook"/>.</summary>
    public static async Task<(JsonNode Thread, JsonNode Run)> AskWithWebhookAsync(this HttpClient client, JsonNode agent, string message, object? webhook)
    {
        var thread = await client.CreateThreadAsync(agent.Id());
        await client.PostJsonAsync($"/v1/threads/{thread.Id()}/messages", new { role = "user", content = message }, HttpStatusCode.Created);
        var body = webhook is null ? (object)new { thread_id = thread.Id() } : new { thread_id = thread.Id(), webhook };
        return (thread, await client.PostJsonAsync("/v1/runs", body, HttpStatusCode.Created));
    }

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient client, string runId) =>
        (await client.GetJsonAsync($"/v1/runs/{runId}/deliveries"))["data"]!.AsArray();

    /// <summary>Waits until the run has <paramref name="count"/> deliveries, none of them pending, and returns them.</summary>
    public static async Task<JsonArray> WaitForSettledAsync(this HttpClient client, string runId, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var deliveries = await client.DeliveriesAsync(runId);
            if (deliveries.Count == count && deliveries.All(d => d!["status"]!.GetValue<string>() != "pending"))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The deliveries of run {runId} have not settled: {deliveries.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static IReadOnlyList<(string Outcome, int? StatusCode)> Attempts(JsonNode delivery) =>
        [.. delivery["attempts"]!.AsArray().Select(a => (a!["outcome"]!.GetValue<string>(), a["status_code"]?.GetValue<int>()))];

    /// <summary>What a receiver does, without Everruns' code: HMAC-SHA256 of <c>{timestamp}.{body}</c> with the secret.</summary>
    public static bool SignatureIsValid(ReceivedRequest request, string secret)
    {
        var timestamp = request.Header("X-Everruns-Timestamp");
        var signature = request.Header("X-Everruns-Signature");
        if (timestamp is null || signature is null)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }
}
