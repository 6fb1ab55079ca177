using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Everruns.Worker.Models;

/// <summary>
/// Repeats failed model calls as <see cref="ModelRetryPipeline"/> decides. A stream is retried only while it has
/// yielded nothing; a failure after the first update surfaces as <see cref="ModelStreamInterruptedException"/>. A rate
/// limit that outlasts the longest wait surfaces as <see cref="ModelRateLimitedException"/>.
/// </summary>
/// <param name="model">The model id, named in the log lines of retries.</param>
public sealed class RetryingChatClient(IChatClient innerClient, ResiliencePipeline pipeline, string? model = null) : DelegatingChatClient(innerClient)
{
    public RetryingChatClient(IChatClient innerClient, ModelRetryOptions options, ILogger? logger = null)
        : this(innerClient, ModelRetryPipeline.Create(options, logger ?? NullLogger.Instance))
    {
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return await ExecuteAsync(
            async token =>
            {
                var observed = ObservedRetryAfter.Watch();
                try
                {
                    return await InnerClient.GetResponseAsync(conversation, options, token).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    ObservedRetryAfter.Attach(exception, observed);
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var enumerator = await ExecuteAsync(
            // The stream outlives this callback, so it takes the caller's token rather than the attempt's.
            _ => StartStreamAsync(conversation, options, cancellationToken),
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

    /// <summary>Runs the attempts; a rate limit still refused when the pipeline gives up becomes <see cref="ModelRateLimitedException"/>.</summary>
    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (model is not null)
        {
            context.Properties.Set(ModelRetryPipeline.Model, model);
        }

        try
        {
            return await pipeline.ExecuteAsync(
                static async (context, attempt) => await attempt(context.CancellationToken).ConfigureAwait(false), context, attempt)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && ModelErrorClassifier.Classify(exception).IsRateLimited)
        {
            throw new ModelRateLimitedException(context.Properties.GetValue(ModelRetryPipeline.RateLimitWaited, TimeSpan.Zero), exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Opens the stream and waits for its first update, so that an early failure can still be retried.</summary>
    private async Task<StartedStream> StartStreamAsync(
        IReadOnlyList<ChatMessage> conversation, ChatOptions? options, CancellationToken cancellationToken)
    {
        var observed = ObservedRetryAfter.Watch();
        var inner = InnerClient.GetStreamingResponseAsync(conversation, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasFirst = await inner.MoveNextAsync().ConfigureAwait(false);
            return new StartedStream(inner, hasFirst);
        }
        catch (Exception exception)
        {
            ObservedRetryAfter.Attach(exception, observed);
            await inner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record StartedStream(IAsyncEnumerator<ChatResponseUpdate> Inner, bool HasFirst) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Inner.DisposeAsync();
    }
}
