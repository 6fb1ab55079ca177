using System.ClientModel;
using System.Net.Sockets;
using Everruns.Data.Events;
using Everruns.Worker.Models;
using Npgsql;

namespace Everruns.Worker.Execution;

/// <summary>Why a run failed, as its users see it: a code to act on and a message safe to show.</summary>
public sealed record RunFailure(string Code, string Message);

/// <summary>
/// The one description of run failures, for both runners: what a failed run tells its users (the code and
/// message of its RUN_ERROR, and its stored error), and which failures are worth trying again.
/// </summary>
public static class RunErrors
{
    public const string ModelConfiguration = "model_configuration";
    public const string ModelError = "model_error";
    public const string ModelRateLimited = "model_rate_limited";
    public const string ModelUnreachable = "model_unreachable";
    public const string MaxIterations = "max_iterations";
    public const string Timeout = "timeout";
    public const string Internal = "internal_error";

    public static readonly RunFailure Unexpected = new(Internal, "The run failed unexpectedly. The error has been logged.");

    public static readonly RunFailure TimedOut = new(Timeout, "A step of the run took too long and was given up.");

    public static RunFailure Describe(Exception exception) => exception switch
    {
        ModelConfigurationException configuration => new(ModelConfiguration, configuration.Message),
        ModelRateLimitedException rateLimited => new(ModelRateLimited, rateLimited.Message),
        ModelStreamInterruptedException interrupted => new(ModelError, $"The model's answer broke off: {interrupted.InnerException?.Message}"),
        ClientResultException { Status: > 0 } provider => new(ModelError, $"The model provider answered {provider.Status}: {provider.Message}"),
        HttpRequestException { StatusCode: { } status } http => new(ModelError, $"The model provider answered {(int)status}: {http.Message}"),
        HttpRequestException http => new(ModelUnreachable, $"The model provider could not be reached: {http.Message}"),
        _ => Unexpected,
    };

    public static RunFailure TooManyIterations(int limit) => new(MaxIterations, $"The run reached its limit of {limit} model calls.");

    /// <summary>The database could not be reached, or did not store what the run did: the run stops, to be resumed.</summary>
    public static bool IsStorageFailure(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or RunStorageException;

    /// <summary>Whether the same step may succeed when it is taken again: a provider or storage hiccup.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ModelConfigurationException => false,
        NpgsqlException or TimeoutException or IOException or SocketException or RunStorageException => true,
        _ => Describe(exception).Code is ModelError or ModelUnreachable && ModelErrorClassifier.Classify(exception).IsTransient,
    };
}
