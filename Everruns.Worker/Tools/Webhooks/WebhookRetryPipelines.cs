using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Everruns.Worker.Tools;

/// <summary>
/// The Polly pipelines webhook calls run in: each attempt has the tool's timeout; network errors, timeouts and
/// 408/429/5xx answers are retried with exponential backoff and jitter, honouring Retry-After. One pipeline per
/// distinct (retries, timeout) pair, built once.
/// </summary>
public sealed class WebhookRetryPipelines(ToolsOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The tool's name, put on the resilience context so retry logs can say which tool it was.</summary>
    public static readonly ResiliencePropertyKey<string> ToolName = new("everruns.tool_name");

    private readonly ConcurrentDictionary<(int Retries, TimeSpan Timeout), ResiliencePipeline<WebhookAttempt>> _pipelines = new();

    public ResiliencePipeline<WebhookAttempt> For(int maxRetries, TimeSpan attemptTimeout) =>
        _pipelines.GetOrAdd((maxRetries, attemptTimeout), key => Build(key.Retries, key.Timeout));

    private ResiliencePipeline<WebhookAttempt> Build(int maxRetries, TimeSpan attemptTimeout)
    {
        var builder = new ResiliencePipelineBuilder<WebhookAttempt> { TimeProvider = time };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<WebhookAttempt>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder<WebhookAttempt>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>(exception => OutboundAddressRefusedException.FindIn(exception) is null)
                    .Handle<IOException>()
                    .HandleResult(attempt => attempt.IsTransient),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result?.RetryAfter is { } wait ? (TimeSpan?)Min(wait, options.RetryMaxDelay) : null),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Webhook tool {Tool} attempt {Attempt} failed ({Failure}); retrying in {Delay} ms",
                        args.Context.Properties.GetValue(ToolName, "?"),
                        args.AttemptNumber + 1,
                        args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.Status}",
                        (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(attemptTimeout).Build();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
