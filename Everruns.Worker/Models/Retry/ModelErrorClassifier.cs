using System.ClientModel;
using System.Net.Sockets;
using Anthropic.Exceptions;

namespace Everruns.Worker.Models;

/// <summary>
/// Tells transient model errors from permanent ones, for every provider: the OpenAI client and the
/// simulator throw <see cref="ClientResultException"/>, Ollama <see cref="HttpRequestException"/>,
/// Anthropic its own <see cref="AnthropicApiException"/>.
/// </summary>
public static class ModelErrorClassifier
{
    public static bool IsTransientStatus(int status) => status is 408 or 429 or (>= 500 and <= 599);

    public static ModelFailure Classify(Exception exception) => Classify(exception, DateTimeOffset.UtcNow);

    public static ModelFailure Classify(Exception exception, DateTimeOffset now)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case ModelConfigurationException:
                    return new ModelFailure(IsTransient: false);
                case ClientResultException { Status: > 0 } result:
                    return FromStatus(result.Status, RetryAfterHeader.Read(result.GetRawResponse()?.Headers, now));
                case ClientResultException when current.InnerException is null:
                    // Status 0: the transport got no response at all.
                    return new ModelFailure(IsTransient: true);
                case AnthropicApiException anthropic:
                    return FromStatus((int)anthropic.StatusCode, retryAfter: null);
                case AnthropicIOException:
                    return new ModelFailure(IsTransient: true);
                case HttpRequestException { StatusCode: { } status }:
                    return FromStatus((int)status, retryAfter: null);
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
