using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>Malformed requests to <c>/v1/threads</c>: bodies of threads and messages, bad ids, bad list queries.</summary>
public static class ThreadRequests
{
    public static IEnumerable<BadRequest> All(BadInputWorld world, Random random)
    {
        var thread = new SeedBody(new JsonObject
        {
            ["agent_id"] = world.AgentId,
            ["title"] = "seed thread",
            ["metadata"] = new JsonObject { ["customer"] = "acme", ["tags"] = new JsonArray("a", "b") },
        });
        foreach (var mutation in BodyMutations.Of(thread, random))
        {
            yield return BadRequest.WithBody("POST /v1/threads", HttpMethod.Post, "/v1/threads", mutation);
        }

        var message = new SeedBody(new JsonObject { ["role"] = "user", ["content"] = "What is the weather?" });
        foreach (var mutation in BodyMutations.Of(message, random))
        {
            yield return BadRequest.WithBody("POST /v1/threads/{id}/messages", HttpMethod.Post, $"/v1/threads/{world.ThreadId}/messages", mutation);
        }

        foreach (var (name, id) in UrlValues.BadIds())
        {
            yield return new("GET /v1/threads/{id}", $"id {name}", HttpMethod.Get, $"/v1/threads/{id}");
            yield return new("GET /v1/threads/{id}/messages", $"id {name}", HttpMethod.Get, $"/v1/threads/{id}/messages");
            yield return new("GET /v1/threads/{id}/events", $"id {name}", HttpMethod.Get, $"/v1/threads/{id}/events");
            yield return new(
                "POST /v1/threads/{id}/messages", $"id {name}", HttpMethod.Post, $"/v1/threads/{id}/messages", message.Bytes, BodyMutation.Json);
        }

        var lists = ListQueries.Of("GET /v1/threads", "/v1/threads", ["agent_id", "limit", "offset"])
            .Concat(ListQueries.Of("GET /v1/threads/{id}/messages", $"/v1/threads/{world.ThreadId}/messages", ["limit", "offset"]));
        foreach (var request in lists)
        {
            yield return request;
        }
    }
}
