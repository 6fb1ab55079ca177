using Everruns.Data.Events;
using Everruns.Worker.Execution;
using Temporalio.Exceptions;

namespace Everruns.Worker.Temporal;

/// <summary>
/// Turns what a step threw into what Temporal should do about it: the failure as <see cref="RunErrors"/> describes
/// it (its code is the error type, its message the one users may see; the exception itself goes along as the cause,
/// for the Temporal UI), retryable when <see cref="RunErrors.IsTransient"/> says so.
/// </summary>
public static class ActivityFailures
{
    /// <summary>The activity found its run ended, or held by another executor: the workflow lets go of it.</summary>
    public const string RunNotHeld = "run_not_held";

    public static ApplicationFailureException From(Exception exception)
    {
        switch (exception)
        {
            case ApplicationFailureException failure:
                return failure;
            case LeaseLostException:
                return new ApplicationFailureException(exception.Message, RunNotHeld, nonRetryable: true);
        }

        var described = RunErrors.Describe(exception);
        return new ApplicationFailureException(described.Message, exception, described.Code, nonRetryable: !RunErrors.IsTransient(exception));
    }

    /// <summary>The activity found its run ended, or taken by another executor.</summary>
    public static ApplicationFailureException NotHeld(Guid runId) =>
        new($"Run {runId} has ended or is held by another executor.", RunNotHeld, nonRetryable: true);

    /// <summary>What a run that failed with <paramref name="failure"/> tells its users.</summary>
    public static RunFailure Describe(StepFailure? failure) => failure switch
    {
        { TimedOut: true } => RunErrors.TimedOut,
        { Code: { } code, Message: { } message } when code != RunErrors.Internal && code != RunNotHeld => new RunFailure(code, message),
        _ => RunErrors.Unexpected,
    };
}
