using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Everruns.Worker.Models;

/// <summary>
/// The Polly pipeline that repeats failed model calls. A transient error (5xx, 408, network) is retried up to
/// <see cref="ModelRetryOptions.MaxRetries"/> times with exponential backoff and jitter, honouring Retry-After. A rate
/// limit (429) is waited out as the provider asks, for as long as <see cref="ModelRetryOptions.RateLimitMaxWait"/> allows
/// in all; <see cref="RateLimitWaited"/> says how long a call has waited.
/// </summary>
public static class ModelRetryPipeline
{
    /// <summary>How long the call waited on rate limits so far, in the call's <see cref="ResilienceContext"/>.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> RateLimitWaited = new("everruns.rate_limit_waited");

    private static readonly ResiliencePropertyKey<int> OtherRetriesKey = new("everruns.other_retries");

    /// <summary>The model id the call is for, named in the log lines, in the call's <see cref="ResilienceContext"/>.</summary>
    public static readonly ResiliencePropertyKey<string> Model = new("everruns.model");

    public static ResiliencePipeline Create(ModelRetryOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        if (options.MaxRetries <= 0 && options.RateLimitMaxWait <= TimeSpan.Zero)
        {
            return ResiliencePipeline.Empty;
        }

        var clock = timeProvider ?? TimeProvider.System;
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        return builder.AddRetry(new RetryStrategyOptions
        {
            // Rate limits are bounded by time, other errors by ShouldHandle's count.
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is not { } exception || args.Context.CancellationToken.IsCancellationRequested)
                {
                    return ValueTask.FromResult(false);
                }

                var failure = ModelErrorClassifier.Classify(exception, clock.GetUtcNow());
                var retry = failure.IsTransient && (failure.IsRateLimited
                    ? Waited(args.Context) < options.RateLimitMaxWait
                    : OtherRetries(args.Context) < options.MaxRetries);
                return ValueTask.FromResult(retry);
            },
            DelayGenerator = args =>
            {
                var failure = ModelErrorClassifier.Classify(args.Outcome.Exception!, clock.GetUtcNow());
                if (!failure.IsRateLimited)
                {
                    return ValueTask.FromResult(failure.RetryAfter is { } asked ? (TimeSpan?)Min(asked, options.MaxDelay) : null);
                }

                var wait = failure.RetryAfter ?? Backoff(options, args.AttemptNumber);
                return ValueTask.FromResult<TimeSpan?>(Min(wait, options.RateLimitMaxWait - Waited(args.Context)));
            },
            OnRetry = args =>
            {
                var failure = ModelErrorClassifier.Classify(args.Outcome.Exception!, clock.GetUtcNow());
                if (failure.IsRateLimited)
                {
                    var waited = Waited(args.Context) + args.RetryDelay;
                    args.Context.Properties.Set(RateLimitWaited, waited);
                    logger.LogWarning(
                        "Model {Model} is rate limited (429): waiting {Wait} s {Reason} before trying again ({Waited} s of at most {MaxWait} s)",
                        ModelOf(args.Context),
                        Seconds(args.RetryDelay),
                        failure.RetryAfter is null ? "(backoff)" : "as the provider asked",
                        Seconds(waited),
                        Seconds(options.RateLimitMaxWait));
                }
                else
                {
                    args.Context.Properties.Set(OtherRetriesKey, OtherRetries(args.Context) + 1);
                    logger.LogWarning(
                        "Model {Model} call failed transiently ({Error}); retrying in {Delay} ms",
                        ModelOf(args.Context),
                        failure.StatusCode is { } status ? $"status {status}" : args.Outcome.Exception!.GetType().Name,
                        (long)args.RetryDelay.TotalMilliseconds);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private static TimeSpan Waited(ResilienceContext context) => context.Properties.GetValue(RateLimitWaited, TimeSpan.Zero);

    private static string ModelOf(ResilienceContext context) => context.Properties.GetValue(Model, "(unnamed)");

    private static int OtherRetries(ResilienceContext context) => context.Properties.GetValue(OtherRetriesKey, 0);

    /// <summary>The wait before retrying a rate limit whose provider did not say how long: exponential, with jitter.</summary>
    private static TimeSpan Backoff(ModelRetryOptions options, int attempt)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var jittered = Math.Min(exponential, options.MaxDelay.TotalMilliseconds) * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(jittered);
    }

    private static string Seconds(TimeSpan wait) => FormattableString.Invariant($"{wait.TotalSeconds:0.#}");

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
