using Everruns.Worker.Execution;
using Temporalio.Common;
using Temporalio.Workflows;

namespace Everruns.Worker.Temporal;

/// <summary>Timeouts and retries of the workflow's activities.</summary>
public static class ActivityPolicies
{
    /// <summary>
    /// Longest a model or tool activity may go without a heartbeat before Temporal gives it to another worker. The
    /// worker sends heartbeats every second and flushes them at once, so a cancellation still arrives within about a
    /// second; this only bounds how long a dead worker goes unnoticed.
    /// </summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Tools run this much longer than their own budget before the activity is timed out.</summary>
    public static readonly TimeSpan ToolMargin = TimeSpan.FromSeconds(30);

    private static readonly string[] NeverRetried = [ActivityFailures.RunNotHeld];

    /// <summary>
    /// Begin, pause and finish: short database steps, retried until the database answers. They are not cancellable,
    /// so a cancelled workflow never writes the run's events while one of them still does.
    /// </summary>
    public static ActivityOptions Bookkeeping() => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            MaximumInterval = TimeSpan.FromSeconds(30),
            NonRetryableErrorTypes = NeverRetried,
        },
        CancellationToken = CancellationToken.None,
    };

    /// <summary>
    /// A streaming model call. Transient provider errors were already retried with backoff inside the call; a few
    /// more attempts cover a stream that broke off, a worker that died or shut down, and a provider still failing.
    /// Permanent errors are marked non-retryable by the activity itself. On cancellation the workflow waits for the
    /// activity to close what it opened.
    /// </summary>
    public static ActivityOptions ModelCall() => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(15),
        HeartbeatTimeout = HeartbeatTimeout,
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(2),
            MaximumInterval = TimeSpan.FromSeconds(30),
            MaximumAttempts = 5,
            NonRetryableErrorTypes = NeverRetried,
        },
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
    };

    /// <summary>The tool calls of one model answer, in parallel: the slowest tool's budget bounds the attempt.</summary>
    public static ActivityOptions ToolCalls(NextStep.RunTools step) => new()
    {
        StartToCloseTimeout = step.Budget + ToolMargin,
        HeartbeatTimeout = HeartbeatTimeout,
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(2),
            MaximumInterval = TimeSpan.FromSeconds(30),
            MaximumAttempts = 5,
            NonRetryableErrorTypes = NeverRetried,
        },
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
    };
}
