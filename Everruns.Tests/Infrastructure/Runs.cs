using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;

namespace Everruns.Tests.Infrastructure;

/// <summary>Starting runs and waiting for them, through the API.</summary>
public static class Runs
{
    /// <summary>Posts the user's message to a new thread of the agent and starts a run on it.</summary>
    public static async Task<(JsonNode Thread, JsonNode Run)> AskAsync(this HttpClient client, JsonNode agent, string message)
    {
        var thread = await client.CreateThreadAsync(agent.Id());
        var run = await client.ContinueAsync(thread, message);
        return (thread, run);
    }

    /// <summary>Posts the user's next message to the thread and starts a run on it.</summary>
    public static async Task<JsonNode> ContinueAsync(this HttpClient client, JsonNode thread, string message)
    {
        await client.PostJsonAsync($"/v1/threads/{thread.Id()}/messages", new { role = "user", content = message }, HttpStatusCode.Created);
        return await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);
    }

    public static async Task<JsonNode> WaitForStatusAsync(this HttpClient client, string runId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await client.GetJsonAsync($"/v1/runs/{runId}");
            var current = run["status"]!.GetValue<string>();
            if (current == status)
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} is {current}, still not {status}: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the run is completed, failed or cancelled, and returns it.</summary>
    public static async Task<JsonNode> WaitForEndAsync(this HttpClient client, string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await client.GetJsonAsync($"/v1/runs/{runId}");
            if (run["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} has not ended: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static async Task<List<SseFrame>> EventsAsync(this HttpClient client, string runId, string? lastEventId = null) =>
        await SseClient.ReadAllAsync(client, $"/v1/runs/{runId}/events", lastEventId);

    public static void AssertValidAgUi(IEnumerable<SseFrame> frames)
    {
        var events = frames.Select(frame => frame.ToAgUi()).ToList();
        var result = AgUiSequenceValidator.Validate(events);
        Assert.True(result.IsValid, $"Invalid AG-UI sequence: {result.Violation} in {string.Join(", ", events.Select(e => e.Type))}");
    }

    public static void AssertGapFree(IReadOnlyList<SseFrame> frames, long from = 1)
    {
        Assert.Equal(
            Enumerable.Range((int)from, frames.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            frames.Select(frame => frame.Id!));
    }

    public static string Text(IEnumerable<SseFrame> frames) =>
        string.Concat(frames.Where(f => f.Type == AgUiEventTypes.TextMessageContent).Select(f => f.Json["delta"]!.GetValue<string>()));
}
