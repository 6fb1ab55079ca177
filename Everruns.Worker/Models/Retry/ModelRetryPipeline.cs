using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Everruns.Worker.Models;

/// <summary>The Polly pipeline that retries transient model errors with exponential backoff and jitter, honouring Retry-After.</summary>
public static class ModelRetryPipeline
{
    public static ResiliencePipeline Create(ModelRetryOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        if (options.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        var clock = timeProvider ?? TimeProvider.System;
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } exception
                && !args.Context.CancellationToken.IsCancellationRequested
                && ModelErrorClassifier.Classify(exception, clock.GetUtcNow()).IsTransient),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Exception is { } exception
                    ? ModelErrorClassifier.Classify(exception, clock.GetUtcNow()).RetryAfter
                    : null;
                return ValueTask.FromResult(retryAfter is { } wait ? (TimeSpan?)Min(wait, options.MaxDelay) : null);
            },
            OnRetry = args =>
            {
                logger.LogWarning(
                    args.Outcome.Exception,
                    "Model call failed transiently (attempt {Attempt}); retrying in {Delay} ms",
                    args.AttemptNumber + 1,
                    (long)args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
