using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>Chat completion bodies and stream chunks in the OpenAI wire format.</summary>
internal static class OpenAiChatJson
{
    public static JsonObject Chunk(string id, long created, string model, JsonObject delta, ChatFinishReason? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = FinishReason(finishReason),
        }),
    };

    public static JsonObject UsageChunk(string id, long created, string model, UsageDetails usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage(usage),
    };

    public static JsonObject Completion(string id, long created, string model, ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = string.IsNullOrEmpty(response.Text) ? null : response.Text,
        };
        if (calls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. calls.Select((call, index) => ToolCall(call, index: null))]);
        }

        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = FinishReason(response.FinishReason),
            }),
            ["usage"] = response.Usage is { } usage ? Usage(usage) : null,
        };
    }

    /// <param name="index">The call's position in a streamed delta; absent in a complete message.</param>
    public static JsonObject ToolCall(FunctionCallContent call, int? index)
    {
        var json = new JsonObject();
        if (index is { } position)
        {
            json["index"] = position;
        }

        json["id"] = call.CallId;
        json["type"] = "function";
        json["function"] = new JsonObject
        {
            ["name"] = call.Name,
            ["arguments"] = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), SimulatorJson.Options),
        };
        return json;
    }

    public static JsonObject Error(string message, string type) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null },
    };

    private static JsonObject Usage(UsageDetails usage) => new()
    {
        ["prompt_tokens"] = usage.InputTokenCount ?? 0,
        ["completion_tokens"] = usage.OutputTokenCount ?? 0,
        ["total_tokens"] = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
    };

    private static string? FinishReason(ChatFinishReason? reason) =>
        reason is null ? null
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";
}
