using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>Malformed requests to <c>/v1/agents</c>: bodies to create and change agents, bad ids, bad list queries.</summary>
public static class AgentRequests
{
    private static readonly JsonObject Created = new()
    {
        ["name"] = "seed agent",
        ["description"] = "An agent the mutations start from.",
        ["default_model_id"] = "sim/echo",
        ["definition"] = new JsonObject
        {
            ["system_prompt"] = "You are helpful.",
            ["temperature"] = 0.5,
            ["max_tokens"] = 100,
            ["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "webhook",
                ["name"] = "lookup",
                ["description"] = "Looks things up.",
                ["url"] = "https://tools.example.com/lookup",
                ["method"] = "POST",
                ["headers"] = new JsonObject { ["X-Team"] = "search" },
                ["parameters"] = new JsonObject { ["type"] = "object" },
                ["timeout_secs"] = 5,
                ["max_retries"] = 1,
                ["policy"] = "requires_approval",
                ["secret"] = "s3cret",
            }),
        },
    };

    private static readonly JsonObject Changed = new()
    {
        ["name"] = "renamed agent",
        ["description"] = "Changed.",
        ["default_model_id"] = "sim/echo",
        ["status"] = "active",
        ["definition"] = new JsonObject { ["system_prompt"] = "Be brief.", ["temperature"] = 1.0, ["max_tokens"] = 10 },
    };

    public static IEnumerable<BadRequest> All(BadInputWorld world, Random random)
    {
        foreach (var mutation in BodyMutations.Of(new SeedBody(Created), random))
        {
            yield return BadRequest.WithBody("POST /v1/agents", HttpMethod.Post, "/v1/agents", mutation);
        }

        var changed = new SeedBody(Changed);
        foreach (var mutation in BodyMutations.Of(changed, random))
        {
            yield return BadRequest.WithBody("PATCH /v1/agents/{id}", HttpMethod.Patch, $"/v1/agents/{world.PatchedAgentId}", mutation);
        }

        foreach (var (name, id) in UrlValues.BadIds())
        {
            yield return new("GET /v1/agents/{id}", $"id {name}", HttpMethod.Get, $"/v1/agents/{id}");
            yield return new("DELETE /v1/agents/{id}", $"id {name}", HttpMethod.Delete, $"/v1/agents/{id}");
            yield return new("PATCH /v1/agents/{id}", $"id {name}", HttpMethod.Patch, $"/v1/agents/{id}", changed.Bytes, BodyMutation.Json);
        }

        foreach (var request in ListQueries.Of("GET /v1/agents", "/v1/agents", ["limit", "offset", "status"]))
        {
            yield return request;
        }
    }
}
