using System.Net;
using System.Text.Json.Nodes;

namespace Everruns.Tests.Infrastructure;

/// <summary>Creates the agents and threads a test needs, through the API.</summary>
public static class Fixtures
{
    public static Task<JsonNode> CreateAgentAsync(this HttpClient client, string? name = null, object? definition = null, string? model = null) =>
        client.PostJsonAsync(
            "/v1/agents",
            new Dictionary<string, object?>
            {
                ["name"] = name ?? $"agent-{Guid.NewGuid():N}",
                ["default_model_id"] = model,
                ["definition"] = definition ?? new { system_prompt = "You are helpful." },
            }.Where(p => p.Value is not null).ToDictionary(),
            HttpStatusCode.Created);

    public static Task<JsonNode> CreateThreadAsync(this HttpClient client, string? agentId = null) =>
        client.PostJsonAsync(
            "/v1/threads",
            agentId is null ? new { title = "test thread" } : new { agent_id = agentId, title = "test thread" },
            HttpStatusCode.Created);

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();
}
