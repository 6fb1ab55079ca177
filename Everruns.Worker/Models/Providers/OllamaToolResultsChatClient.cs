using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp.Models.Chat;
using ChatRole = Microsoft.Extensions.AI.ChatRole;
using OllamaRole = OllamaSharp.Models.Chat.ChatRole;

namespace Everruns.Worker.Models;

/// <summary>
/// Sends the conversation to Ollama as Ollama's chat API expects it: a tool result is a <c>tool</c> message whose
/// content is the result itself and whose <c>tool_name</c> names the tool. OllamaSharp's own mapping wraps results in
/// <c>{"CallId":…,"Result":…}</c> without the name, which the model then reads instead of the result. The messages
/// are handed over as the request's raw representation; OllamaSharp still maps the options, tools and answers.
/// </summary>
internal sealed class OllamaToolResultsChatClient(IChatClient ollama) : DelegatingChatClient(ollama)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync([], WithMessages(messages, options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync([], WithMessages(messages, options), cancellationToken);

    private static ChatOptions WithMessages(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var mapped = ToOllama(messages);
        var withMessages = options?.Clone() ?? new ChatOptions();
        withMessages.RawRepresentationFactory = _ => new ChatRequest { Messages = [.. mapped] };
        return withMessages;
    }

    public static List<Message> ToOllama(IEnumerable<ChatMessage> messages)
    {
        var toolNames = new Dictionary<string, string>();
        var result = new List<Message>();
        foreach (var message in messages)
        {
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            foreach (var call in calls)
            {
                toolNames[call.CallId] = call.Name;
            }

            if (message.Text is { Length: > 0 } || calls.Count > 0)
            {
                result.Add(new Message
                {
                    Role = new OllamaRole(message.Role.Value),
                    Content = message.Text,
                    ToolCalls = calls.Count == 0
                        ? null
                        : [.. calls.Select(call => new Message.ToolCall { Function = new Message.Function { Name = call.Name, Arguments = call.Arguments } })],
                });
            }

            foreach (var functionResult in message.Contents.OfType<FunctionResultContent>())
            {
                result.Add(new Message
                {
                    Role = new OllamaRole(ChatRole.Tool.Value),
                    Content = ResultText(functionResult.Result),
                    ToolName = toolNames.GetValueOrDefault(functionResult.CallId),
                });
            }
        }

        return result;
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };
}
