using System.ClientModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Everruns.Worker.Models;

/// <summary>
/// The failures the simulator raises on cue, of the same types the real providers produce, so that one
/// classifier handles both: an HTTP error as <see cref="ClientResultException"/> (what the OpenAI client
/// throws), a dropped stream as <see cref="HttpIOException"/> (what HttpClient throws).
/// </summary>
internal static class SimulatedProviderError
{
    public static ClientResultException Http(int status, int? retryAfterSeconds)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        if (retryAfterSeconds is { } seconds)
        {
            headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var message = $"Simulated provider error {status} ({reason}).";
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = ErrorType(status),
                ["param"] = null,
                ["code"] = status == 429 ? "rate_limit_exceeded" : null,
            },
        };
        var response = new SimulatedPipelineResponse(status, reason, headers, BinaryData.FromString(body.ToJsonString()));
        return new ClientResultException($"HTTP {status} ({ErrorType(status)}) {message}", response);
    }

    public static HttpIOException StreamCutOff(int tokensDelivered) =>
        new(HttpRequestError.ResponseEnded, $"The simulated model stream was cut off after {tokensDelivered} token(s).");

    private static string ErrorType(int status) => status switch
    {
        429 => "rate_limit_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
