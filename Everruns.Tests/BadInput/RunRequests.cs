using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Malformed requests to <c>/v1/runs</c>: bodies and Idempotency-Keys of new runs, answers to approvals, bad ids
/// for every run endpoint, bad list queries and bad event stream positions.
/// </summary>
public static class RunRequests
{
    private static readonly string[] BadHeaderValues =
    [
        "", " ", new string('k', 201), new string('k', 10_000), "'; DROP TABLE agents; --", "<script>alert(1)</script>",
        "key\u0000nul", "\u0000", "key\u0001\u001f", "ключ", "-1", "99999999999999999999", "1.5", "abc",
    ];

    public static IEnumerable<BadRequest> All(BadInputWorld world, Random random)
    {
        var run = new SeedBody(new JsonObject { ["thread_id"] = world.FreeThreadId, ["agent_id"] = world.AgentId });
        foreach (var mutation in BodyMutations.Of(run, random))
        {
            yield return BadRequest.WithBody("POST /v1/runs", HttpMethod.Post, "/v1/runs", mutation);
        }

        foreach (var key in BadHeaderValues)
        {
            yield return new("POST /v1/runs", $"Idempotency-Key '{Shorten(key)}'", HttpMethod.Post, "/v1/runs", run.Bytes, BodyMutation.Json, [new("Idempotency-Key", key)]);
        }

        var approval = new SeedBody(new JsonObject
        {
            ["tool_call_id"] = world.ToolCallId,
            ["decision"] = "approve",
            ["arguments"] = new JsonObject { ["q"] = "y" },
            ["reason"] = "Looks right.",
        });
        foreach (var mutation in BodyMutations.Of(approval, random))
        {
            yield return BadRequest.WithBody("POST /v1/runs/{id}/approvals", HttpMethod.Post, $"/v1/runs/{world.WaitingRunId}/approvals", mutation);
        }

        foreach (var (name, id) in UrlValues.BadIds())
        {
            yield return new("GET /v1/runs/{id}", $"id {name}", HttpMethod.Get, $"/v1/runs/{id}");
            yield return new("POST /v1/runs/{id}/cancel", $"id {name}", HttpMethod.Post, $"/v1/runs/{id}/cancel");
            yield return new("GET /v1/runs/{id}/events", $"id {name}", HttpMethod.Get, $"/v1/runs/{id}/events");
            yield return new("GET /v1/runs/{id}/approvals", $"id {name}", HttpMethod.Get, $"/v1/runs/{id}/approvals");
            yield return new(
                "POST /v1/runs/{id}/approvals", $"id {name}", HttpMethod.Post, $"/v1/runs/{id}/approvals", approval.Bytes, BodyMutation.Json);
        }

        foreach (var value in BadHeaderValues)
        {
            yield return new(
                "GET /v1/runs/{id}/events", $"Last-Event-ID '{Shorten(value)}'", HttpMethod.Get, $"/v1/runs/{world.PendingRunId}/events",
                Headers: [new("Last-Event-ID", value)]);
        }

        var lists = ListQueries.Of("GET /v1/runs", "/v1/runs", ["status", "agent_id", "thread_id", "schedule_id", "limit", "offset"])
            .Concat(ListQueries.Of("GET /v1/runs/{id}/events", $"/v1/runs/{world.PendingRunId}/events", ["after"]));
        foreach (var request in lists)
        {
            yield return request;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..10]}… ({text.Length} characters)";
}
