using System.Net.Sockets;
using Everruns.Data.Events;
using Everruns.Worker.Execution;
using Everruns.Worker.Models;
using Npgsql;
using Temporalio.Exceptions;

namespace Everruns.Worker.Temporal;

/// <summary>
/// Turns what a step threw into what Temporal should do about it. A permanent failure is non-retryable and ends
/// the run with RUN_ERROR; a transient one is retried by Temporal; the error type is the RUN_ERROR code.
/// </summary>
public static class ActivityFailures
{
    public static ApplicationFailureException From(Exception exception, bool modelCall)
    {
        switch (exception)
        {
            case ApplicationFailureException failure:
                return failure;
            case LeaseLostException:
                return new ApplicationFailureException(exception.Message, RunFailureCodes.RunNotHeld, nonRetryable: true);
        }

        if (modelCall)
        {
            var (message, code) = RunErrors.Describe(exception);
            if (code != RunFailureCodes.Internal)
            {
                var transient = exception is not ModelConfigurationException && ModelErrorClassifier.Classify(exception).IsTransient;
                return new ApplicationFailureException(message, code, nonRetryable: !transient);
            }
        }

        return exception is NpgsqlException or TimeoutException or IOException or SocketException or HttpRequestException
            ? new ApplicationFailureException($"{exception.GetType().Name}: {exception.Message}", RunFailureCodes.Transient)
            : new ApplicationFailureException($"{exception.GetType().Name}: {exception.Message}", RunFailureCodes.Internal, nonRetryable: true);
    }

    /// <summary>The activity found its run ended, or taken by another executor.</summary>
    public static ApplicationFailureException NotHeld(Guid runId) =>
        new($"Run {runId} has ended or is held by another executor.", RunFailureCodes.RunNotHeld, nonRetryable: true);
}
