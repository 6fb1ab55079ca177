using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>The parts of an OpenAI chat completions request that the simulator needs.</summary>
internal sealed record OpenAiChatRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    int? MaxTokens)
{
    /// <summary>The simulator's model name: the request's model without a <c>sim/</c> prefix.</summary>
    public string SimulatorModel => Model.StartsWith("sim/", StringComparison.Ordinal) ? Model[4..] : Model;

    public static async Task<OpenAiChatRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new InvalidOpenAiRequestException($"The body is not JSON: {exception.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOpenAiRequestException("The body must be a JSON object.");
            }

            var model = OptionalString(root, "model") ?? throw new InvalidOpenAiRequestException("'model' is required.");
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                throw new InvalidOpenAiRequestException("'messages' must be a non-empty array.");
            }

            return new OpenAiChatRequest(
                model,
                [.. messages.EnumerateArray().Select(ReadMessage)],
                OptionalBool(root, "stream"),
                root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object
                    && OptionalBool(streamOptions, "include_usage"),
                OptionalInt(root, "max_completion_tokens") ?? OptionalInt(root, "max_tokens"));
        }
    }

    private static ChatMessage ReadMessage(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOpenAiRequestException("Each message must be an object.");
        }

        var text = ContentText(message);
        switch (OptionalString(message, "role"))
        {
            case "system" or "developer":
                return new ChatMessage(ChatRole.System, text);
            case "user":
                return new ChatMessage(ChatRole.User, text);
            case "assistant":
                var contents = new List<AIContent>();
                if (!string.IsNullOrEmpty(text))
                {
                    contents.Add(new TextContent(text));
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    contents.AddRange(calls.EnumerateArray().Select(ReadToolCall));
                }

                return new ChatMessage(ChatRole.Assistant, contents);
            case "tool":
                var callId = OptionalString(message, "tool_call_id") ?? throw new InvalidOpenAiRequestException("A tool message needs 'tool_call_id'.");
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text)]);
            case var role:
                throw new InvalidOpenAiRequestException($"Unknown message role '{role}'.");
        }
    }

    private static FunctionCallContent ReadToolCall(JsonElement call)
    {
        var id = OptionalString(call, "id") ?? throw new InvalidOpenAiRequestException("A tool call needs 'id'.");
        if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOpenAiRequestException("A tool call needs 'function'.");
        }

        var name = OptionalString(function, "name") ?? throw new InvalidOpenAiRequestException("A tool call needs 'function.name'.");
        return new FunctionCallContent(id, name, ParseArguments(OptionalString(function, "arguments")));
    }

    private static Dictionary<string, object?> ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var arguments = JsonDocument.Parse(json);
            return arguments.RootElement.ValueKind == JsonValueKind.Object
                ? arguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                : [];
        }
        catch (JsonException)
        {
            throw new InvalidOpenAiRequestException("'function.arguments' must be a JSON object in a string.");
        }
    }

    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(part => part.ValueKind == JsonValueKind.Object && OptionalString(part, "type") == "text")
                .Select(part => OptionalString(part, "text"))),
            JsonValueKind.Null => string.Empty,
            _ => throw new InvalidOpenAiRequestException("'content' must be a string or an array of parts."),
        };
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool OptionalBool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static int? OptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}

internal sealed class InvalidOpenAiRequestException(string message) : Exception(message);
