using System.Net;
using System.Text.Json.Nodes;

namespace Everruns.Tests.Infrastructure;

/// <summary>Creating schedules and watching their fires, through the API.</summary>
public static class Schedules
{
    public static Task<JsonNode> CreateScheduleAsync(
        this HttpClient client, string agentId, string cron, string message = "Scheduled hello.", string? timezone = null,
        string? threadId = null, string? missedFires = null) =>
        client.PostJsonAsync(
            "/v1/schedules",
            new Dictionary<string, object?>
            {
                ["agent_id"] = agentId,
                ["cron"] = cron,
                ["message"] = message,
                ["timezone"] = timezone,
                ["thread_id"] = threadId,
                ["missed_fires"] = missedFires,
            }.Where(p => p.Value is not null).ToDictionary(),
            HttpStatusCode.Created);

    /// <summary>The schedule's fires, oldest first.</summary>
    public static async Task<List<JsonNode>> FiresAsync(this HttpClient client, string scheduleId)
    {
        var page = await client.GetJsonAsync($"/v1/schedules/{scheduleId}/fires?limit=200");
        return [.. page["data"]!.AsArray().Select(f => f!).Reverse()];
    }

    /// <summary>Waits until the schedule has at least <paramref name="count"/> finished fires (started or skipped), oldest first.</summary>
    public static async Task<List<JsonNode>> WaitForFiresAsync(this HttpClient client, string scheduleId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var fires = await client.FiresAsync(scheduleId);
            var finished = fires.Where(f => f["outcome"]!.GetValue<string>() != "pending").ToList();
            if (finished.Count >= count)
            {
                return finished;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Schedule {scheduleId} has {finished.Count} finished fires, not {count}: {new JsonArray([.. fires.Select(f => f.DeepClone())])}");
            await Task.Delay(50);
        }
    }

    public static DateTimeOffset Time(this JsonNode node, string field) =>
        DateTimeOffset.Parse(node[field]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    public static string Text(this JsonNode node, string field) => node[field]!.GetValue<string>();
}
