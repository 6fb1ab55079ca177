using System.Text;
using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Malformed AG-UI <c>RunAgentInput</c> bodies and <c>agent_id</c> values for <c>POST /v1/ag-ui</c>, once on threads
/// the API has not seen (each request gets its own thread id) and once on a thread whose run is still active
/// (each request gets its own run id).
/// </summary>
public static class AgUiRequests
{
    public const string Endpoint = "POST /v1/ag-ui";

    private const string SeedThreadId = "agui-fresh-000000";
    private const string SeedRunId = "agui-run-000000";

    public static IEnumerable<BadRequest> All(BadInputWorld world, Random random) =>
        OnNewThreads(world, random).Concat(OnTheBusyThread(world, random)).Concat(WithBadAgentIds());

    private static IEnumerable<BadRequest> OnNewThreads(BadInputWorld world, Random random)
    {
        var index = 0;
        foreach (var mutation in BodyMutations.Of(new SeedBody(Input(SeedThreadId)), random))
        {
            yield return Post($"/v1/ag-ui?agent_id={world.AgentId}", Unique(mutation with { What = $"new thread, {mutation.What}" }, ++index));
        }
    }

    private static IEnumerable<BadRequest> OnTheBusyThread(BadInputWorld world, Random random)
    {
        var index = 100_000;
        foreach (var mutation in BodyMutations.Of(new SeedBody(ShortInput(world.BusyAgUiThreadId)), random))
        {
            yield return Post($"/v1/ag-ui?agent_id={world.AgentId}", Unique(mutation with { What = $"busy thread, {mutation.What}" }, ++index));
        }
    }

    private static IEnumerable<BadRequest> WithBadAgentIds()
    {
        var index = 200_000;
        foreach (var (name, value) in UrlValues.BadQueryValues())
        {
            var body = Encoding.UTF8.GetBytes(Input(SeedThreadId).ToJsonString());
            yield return Post($"/v1/ag-ui?agent_id={value}", Unique(new BodyMutation($"agent_id {name}", body), ++index));
        }
    }

    private static BadRequest Post(string url, BodyMutation mutation) => BadRequest.WithBody(Endpoint, HttpMethod.Post, url, mutation);

    private static JsonObject Input(string threadId) => new()
    {
        ["threadId"] = threadId,
        ["runId"] = SeedRunId,
        ["messages"] = new JsonArray(
            new JsonObject { ["id"] = "message-1", ["role"] = "user", ["content"] = "Book a table." },
            new JsonObject
            {
                ["id"] = "message-2",
                ["role"] = "assistant",
                ["content"] = "",
                ["toolCalls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call-1",
                    ["function"] = new JsonObject { ["name"] = "confirm", ["arguments"] = "{\"when\":\"today\"}" },
                }),
            },
            new JsonObject { ["id"] = "message-3", ["role"] = "tool", ["content"] = "yes", ["toolCallId"] = "call-1" }),
        ["tools"] = new JsonArray(new JsonObject
        {
            ["name"] = "confirm",
            ["description"] = "Asks the user to confirm.",
            ["parameters"] = new JsonObject(),
        }),
        ["context"] = new JsonArray(new JsonObject { ["description"] = "page", ["value"] = "home" }),
        ["state"] = new JsonObject { ["step"] = 1 },
        ["forwardedProps"] = new JsonObject { ["source"] = "bad-input" },
    };

    /// <summary>The fields the run on a busy thread could store: its id and its new message.</summary>
    private static JsonObject ShortInput(string threadId) => new()
    {
        ["threadId"] = threadId,
        ["runId"] = SeedRunId,
        ["messages"] = new JsonArray(new JsonObject { ["id"] = "message-1", ["role"] = "user", ["content"] = "Book a table." }),
    };

    /// <summary>Gives the request a thread id and a run id of its own (same length, so truncations stay where they were).</summary>
    private static BodyMutation Unique(BodyMutation mutation, int index)
    {
        var body = Replace(mutation.Body, SeedThreadId, $"agui-fresh-{index:D6}");
        return mutation with { Body = Replace(body, SeedRunId, $"agui-run-{index:D6}") };
    }

    private static byte[] Replace(byte[] body, string from, string to)
    {
        var at = body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(from));
        if (at < 0)
        {
            return body;
        }

        var copy = body.ToArray();
        Encoding.UTF8.GetBytes(to).CopyTo(copy, at);
        return copy;
    }
}
