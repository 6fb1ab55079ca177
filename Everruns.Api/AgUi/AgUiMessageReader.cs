using System.Text;
using System.Text.Json;
using Everruns.Data.Threads;
using Everruns.Worker.Execution;

namespace Everruns.Api.AgUi;

/// <summary>Turns the AG-UI messages a client sends into thread messages, keeping the client's ids.</summary>
public static class AgUiMessageReader
{
    public const int MaxIdLength = 200;

    public static IReadOnlyList<NewMessage> Read(Guid threadId, IReadOnlyList<JsonElement> messages, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var result = new List<NewMessage>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var field = $"messages[{i}]";
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                errors[field] = ["A message is an object with a string id and role."];
                continue;
            }

            if (id.GetString() is not { Length: > 0 and <= MaxIdLength })
            {
                errors[field] = [$"A message id is 1 to {MaxIdLength} characters."];
                continue;
            }

            var roleName = role.GetString();
            if (roleName is not ("user" or "system" or "developer" or "assistant" or "tool"))
            {
                // Other roles (activity, reasoning) are the client's own; they are not part of the conversation.
                continue;
            }

            var content = Text(message);
            var read = roleName switch
            {
                "user" => new NewMessage(threadId, MessageRole.User, content, ExternalId: id.GetString()),
                "system" or "developer" => new NewMessage(threadId, MessageRole.System, content, ExternalId: id.GetString()),
                "assistant" => new NewMessage(threadId, MessageRole.Assistant, content, ToolCalls: ToolCallsOf(message), ExternalId: id.GetString()),
                "tool" when message.TryGetProperty("toolCallId", out var callId) && callId.ValueKind == JsonValueKind.String =>
                    new NewMessage(threadId, MessageRole.Tool, content, ToolCallId: callId.GetString(), ExternalId: id.GetString()),
                _ => null,
            };
            if (read is null)
            {
                errors[field] = ["A tool message needs its toolCallId."];
            }
            else
            {
                result.Add(read);
            }
        }

        return result;
    }

    /// <summary>String content, or the text parts of multimodal content.</summary>
    private static string Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var piece) && piece.ValueKind == JsonValueKind.String)
            {
                text.Append(piece.GetString());
            }
        }

        return text.ToString();
    }

    private static JsonElement? ToolCallsOf(JsonElement message)
    {
        if (!message.TryGetProperty("toolCalls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var records = new List<ToolCallRecord>();
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object
                || !call.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var arguments = function.TryGetProperty("arguments", out var raw) && raw.ValueKind == JsonValueKind.String
                ? ParseArguments(raw.GetString()!)
                : JsonSerializer.SerializeToElement(new { });
            records.Add(new ToolCallRecord(id.GetString() ?? "", name.GetString() ?? "", arguments));
        }

        return ToolCalls.Write(records);
    }

    private static JsonElement ParseArguments(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(new { raw });
        }
    }
}
