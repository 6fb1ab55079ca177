using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Malformed requests to <c>/v1/schedules</c>: bodies to create and change schedules, bad ids for every schedule
/// endpoint, bad list queries. The seed fires once a year, so that what is accepted does not fire during the test.
/// </summary>
public static class ScheduleRequests
{
    public static IEnumerable<BadRequest> All(BadInputWorld world, string scheduleId, Random random)
    {
        var created = new SeedBody(new JsonObject
        {
            ["agent_id"] = world.AgentId,
            ["cron"] = "0 9 1 1 *",
            ["timezone"] = "Europe/Berlin",
            ["message"] = "Happy new year.",
            ["thread_id"] = world.FreeThreadId,
            ["missed_fires"] = "skip",
        });
        foreach (var mutation in BodyMutations.Of(created, random))
        {
            yield return BadRequest.WithBody("POST /v1/schedules", HttpMethod.Post, "/v1/schedules", mutation);
        }

        var changed = new SeedBody(new JsonObject
        {
            ["cron"] = "0 10 1 1 *",
            ["timezone"] = "Asia/Tokyo",
            ["message"] = "Changed.",
            ["thread_id"] = world.FreeThreadId,
            ["missed_fires"] = "run_once",
        });
        foreach (var mutation in BodyMutations.Of(changed, random))
        {
            yield return BadRequest.WithBody("PATCH /v1/schedules/{id}", HttpMethod.Patch, $"/v1/schedules/{scheduleId}", mutation);
        }

        foreach (var (name, id) in UrlValues.BadIds())
        {
            yield return new("GET /v1/schedules/{id}", $"id {name}", HttpMethod.Get, $"/v1/schedules/{id}");
            yield return new("GET /v1/schedules/{id}/fires", $"id {name}", HttpMethod.Get, $"/v1/schedules/{id}/fires");
            yield return new("DELETE /v1/schedules/{id}", $"id {name}", HttpMethod.Delete, $"/v1/schedules/{id}");
            yield return new("POST /v1/schedules/{id}/pause", $"id {name}", HttpMethod.Post, $"/v1/schedules/{id}/pause");
            yield return new("POST /v1/schedules/{id}/resume", $"id {name}", HttpMethod.Post, $"/v1/schedules/{id}/resume");
            yield return new("POST /v1/schedules/{id}/run", $"id {name}", HttpMethod.Post, $"/v1/schedules/{id}/run");
            yield return new("PATCH /v1/schedules/{id}", $"id {name}", HttpMethod.Patch, $"/v1/schedules/{id}", changed.Bytes, BodyMutation.Json);
        }

        var lists = ListQueries.Of("GET /v1/schedules", "/v1/schedules", ["agent_id", "status", "limit", "offset"])
            .Concat(ListQueries.Of("GET /v1/schedules/{id}/fires", $"/v1/schedules/{scheduleId}/fires", ["limit", "offset"]));
        foreach (var request in lists)
        {
            yield return request;
        }
    }
}
