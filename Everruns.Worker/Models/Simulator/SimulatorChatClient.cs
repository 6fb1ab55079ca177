using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>
/// The built-in model <c>sim/&lt;name&gt;</c>: deterministic answers streamed as word pieces at a set rate,
/// with tool calls and failures on cue in the last user message (see SIMULATOR.md).
/// <c>sim/fast</c> ignores the rate and streams as fast as possible.
/// </summary>
public sealed class SimulatorChatClient : IChatClient
{
    public const string ProviderName = "sim";
    public const string FastModel = "fast";

    /// <summary>The simulator answers to any name; these are the ones the catalog lists.</summary>
    public static readonly IReadOnlyList<string> ModelNames = ["default", FastModel];

    private readonly string _modelName;
    private readonly double _tokensPerSecond;
    private readonly ChatClientMetadata _metadata;

    public SimulatorChatClient(SimulatorOptions? options = null, string modelName = "default")
    {
        _modelName = modelName;
        _tokensPerSecond = modelName == FastModel ? 0 : (options ?? new SimulatorOptions()).TokensPerSecond;
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: modelName);
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = SimulatorConversation.Read(messages as IReadOnlyList<ChatMessage> ?? [.. messages], _modelName);
        var cues = SimulatorCueParser.Parse(conversation.LastUserText);
        var reply = SimulatorReply.Plan(conversation, cues, options?.MaxOutputTokens);

        if (cues.DelayMs is { } delay)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (cues.Error is { } error && (!error.Once || SimulatorOnce.IsFirst(conversation.Key, "error")))
        {
            throw SimulatedProviderError.Http(error.Status, error.RetryAfterSeconds);
        }

        int? failAfter = cues.FailMidStream is { } fail && (!fail.Once || SimulatorOnce.IsFirst(conversation.Key, "fail-mid-stream"))
            ? Math.Min(fail.AfterTokens ?? Math.Max(1, reply.Contents.Count / 2), reply.Contents.Count)
            : null;

        var responseId = "simresp_" + conversation.Key[..16];
        var messageId = "simmsg_" + conversation.Key[..16];
        var pacer = new TokenPacer(_tokensPerSecond);
        for (var index = 0; index < reply.Contents.Count; index++)
        {
            if (index == failAfter)
            {
                throw SimulatedProviderError.StreamCutOff(index);
            }

            await pacer.WaitForTokenAsync(index, cancellationToken).ConfigureAwait(false);
            yield return Update(reply.Contents[index], responseId, messageId);
        }

        if (failAfter == reply.Contents.Count)
        {
            throw SimulatedProviderError.StreamCutOff(failAfter.Value);
        }

        var usage = new UsageDetails
        {
            InputTokenCount = conversation.InputTokens,
            OutputTokenCount = reply.OutputTokens,
            TotalTokenCount = conversation.InputTokens + reply.OutputTokens,
        };
        var last = Update(new UsageContent(usage), responseId, messageId);
        last.FinishReason = reply.FinishReason;
        yield return last;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private ChatResponseUpdate Update(AIContent content, string responseId, string messageId) =>
        new(ChatRole.Assistant, [content])
        {
            ResponseId = responseId,
            MessageId = messageId,
            ModelId = _modelName,
            CreatedAt = DateTimeOffset.UtcNow,
        };
}
