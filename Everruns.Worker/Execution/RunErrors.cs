using System.ClientModel;
using Everruns.Worker.Models;

namespace Everruns.Worker.Execution;

/// <summary>What a failed run tells its users: a message safe to show and a code to act on.</summary>
public static class RunErrors
{
    public static (string Message, string Code) Describe(Exception exception) => exception switch
    {
        ModelConfigurationException configuration => (configuration.Message, "model_configuration"),
        ModelRateLimitedException rateLimited => (rateLimited.Message, "model_rate_limited"),
        ModelStreamInterruptedException interrupted => ($"The model's answer broke off: {interrupted.InnerException?.Message}", "model_error"),
        ClientResultException { Status: > 0 } provider => ($"The model provider answered {provider.Status}: {provider.Message}", "model_error"),
        HttpRequestException { StatusCode: { } status } http => ($"The model provider answered {(int)status}: {http.Message}", "model_error"),
        HttpRequestException http => ($"The model provider could not be reached: {http.Message}", "model_unreachable"),
        _ => ("The run failed unexpectedly. The error has been logged.", "internal_error"),
    };
}
