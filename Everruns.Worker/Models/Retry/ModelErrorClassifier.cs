using System.ClientModel;
using System.Net.Sockets;
using Anthropic.Exceptions;

namespace Everruns.Worker.Models;

/// <summary>
/// Tells transient model errors from permanent ones, for every provider: the OpenAI client and the
/// simulator throw <see cref="ClientResultException"/>, Ollama <see cref="HttpRequestException"/>,
/// Anthropic its own <see cref="AnthropicApiException"/>. Where an exception hides the response's headers, the
/// Retry-After that <see cref="RetryAfterHandler"/> saw is read from the exception (<see cref="ObservedRetryAfter"/>).
/// </summary>
public static class ModelErrorClassifier
{
    public static bool IsTransientStatus(int status) => status is 408 or 429 or (>= 500 and <= 599);

    public static ModelFailure Classify(Exception exception) => Classify(exception, DateTimeOffset.UtcNow);

    public static ModelFailure Classify(Exception exception, DateTimeOffset now)
    {
        TimeSpan? observed = null;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            observed ??= ObservedRetryAfter.Of(current);
            switch (current)
            {
                case ModelConfigurationException or ModelRateLimitedException:
                    // A rate limit that outlasted the longest wait: retrying at once would only be refused again.
                    return new ModelFailure(IsTransient: false);
                case ClientResultException { Status: > 0 } result:
                    return FromStatus(result.Status, RetryAfterHeader.Read(result.GetRawResponse()?.Headers, now) ?? observed);
                case ClientResultException when current.InnerException is null:
                    // Status 0: the transport got no response at all.
                    return new ModelFailure(IsTransient: true);
                case AnthropicApiException anthropic:
                    return FromStatus((int)anthropic.StatusCode, observed);
                case AnthropicIOException:
                    return new ModelFailure(IsTransient: true);
                case HttpRequestException { StatusCode: { } status }:
                    return FromStatus((int)status, observed);
                case HttpRequestException or IOException or SocketException or TimeoutException:
                    return new ModelFailure(IsTransient: true);
                case OperationCanceledException when current.InnerException is TimeoutException:
                    // HttpClient's own timeout, not the caller's cancellation.
                    return new ModelFailure(IsTransient: true);
            }
        }

        return new ModelFailure(IsTransient: false);
    }

    private static ModelFailure FromStatus(int status, TimeSpan? retryAfter) =>
        new(IsTransientStatus(status), status, IsTransientStatus(status) ? retryAfter : null);
}
