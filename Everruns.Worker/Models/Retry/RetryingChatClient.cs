using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Everruns.Worker.Models;

/// <summary>
/// Retries transient provider errors. A stream is retried only while it has yielded nothing; a failure
/// after the first update surfaces as <see cref="ModelStreamInterruptedException"/>.
/// </summary>
public sealed class RetryingChatClient(IChatClient innerClient, ResiliencePipeline pipeline) : DelegatingChatClient(innerClient)
{
    public RetryingChatClient(IChatClient innerClient, ModelRetryOptions options, ILogger? logger = null)
        : this(innerClient, ModelRetryPipeline.Create(options, logger ?? NullLogger.Instance))
    {
    }

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return pipeline.ExecuteAsync(
            static async (state, token) => await state.Client.InnerClient.GetResponseAsync(state.Conversation, state.Options, token).ConfigureAwait(false),
            (Client: this, Conversation: conversation, Options: options),
            cancellationToken).AsTask();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var enumerator = await pipeline.ExecuteAsync(
            // The stream outlives this callback, so it takes the caller's token rather than the attempt's.
            async _ => await StartStreamAsync(conversation, options, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        await using (enumerator.ConfigureAwait(false))
        {
            var delivered = 0;
            var hasCurrent = enumerator.HasFirst;
            while (hasCurrent)
            {
                yield return enumerator.Inner.Current;
                delivered++;
                try
                {
                    hasCurrent = await enumerator.Inner.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
                {
                    throw new ModelStreamInterruptedException(delivered, exception);
                }
            }
        }
    }

    /// <summary>Opens the stream and waits for its first update, so that an early failure can still be retried.</summary>
    private async Task<StartedStream> StartStreamAsync(
        IReadOnlyList<ChatMessage> conversation, ChatOptions? options, CancellationToken cancellationToken)
    {
        var inner = InnerClient.GetStreamingResponseAsync(conversation, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasFirst = await inner.MoveNextAsync().ConfigureAwait(false);
            return new StartedStream(inner, hasFirst);
        }
        catch
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record StartedStream(IAsyncEnumerator<ChatResponseUpdate> Inner, bool HasFirst) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Inner.DisposeAsync();
    }
}
