using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;
using Temporalio.Workflows;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>
/// Writes a workflow's history event by event, in the form a Temporal server records it: workflow tasks as
/// scheduled, started and completed events, an activity's started event written when the activity closes (with
/// its attempt and the failure of the attempt before), the first completed workflow task marked with the core SDK's
/// flags (without them a history that does not match its workflow's commands can still replay).
/// </summary>
public sealed class HistoryWriter(string workflowId, string taskQueue)
{
    /// <summary>The identity on the events a worker writes: it tells a built history from one a server recorded.</summary>
    public const string Identity = "everruns-history-builder";

    private static readonly Duration WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10));

    private readonly List<HistoryEvent> events = [];
    private long lastWorkflowTaskCompleted;

    public string WorkflowId => workflowId;

    public IReadOnlyList<HistoryEvent> Events => events;

    public void Started(string workflowType, Payloads input)
    {
        var runId = Guid.NewGuid().ToString();
        Add(EventType.WorkflowExecutionStarted).WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowType = new() { Name = workflowType },
            TaskQueue = Queue(),
            Input = input,
            WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.Zero),
            WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.Zero),
            WorkflowTaskTimeout = WorkflowTaskTimeout,
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = runId,
            Identity = Identity,
            Attempt = 1,
            FirstWorkflowTaskBackoff = Duration.FromTimeSpan(TimeSpan.Zero),
            Header = new(),
            WorkflowId = workflowId,
        };
    }

    /// <summary>A workflow task is scheduled and a worker starts it.</summary>
    public void WorkflowTask()
    {
        var scheduled = Add(EventType.WorkflowTaskScheduled);
        scheduled.WorkflowTaskScheduledEventAttributes = new() { TaskQueue = Queue(), StartToCloseTimeout = WorkflowTaskTimeout, Attempt = 1 };
        Add(EventType.WorkflowTaskStarted).WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled.EventId,
            Identity = Identity,
            RequestId = Guid.NewGuid().ToString(),
            HistorySizeBytes = events.Sum(e => e.CalculateSize()),
        };
    }

    public void WorkflowTaskCompleted()
    {
        var started = events[^1];
        var completed = Add(EventType.WorkflowTaskCompleted);
        completed.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = started.WorkflowTaskStartedEventAttributes.ScheduledEventId,
            StartedEventId = started.EventId,
            Identity = Identity,
            SdkMetadata = lastWorkflowTaskCompleted == 0
                ? new WorkflowTaskCompletedMetadata { CoreUsedFlags = { 1, 2 }, SdkName = "temporal-dotnet", SdkVersion = SdkVersion }
                : new WorkflowTaskCompletedMetadata(),
            MeteringMetadata = new(),
        };
        lastWorkflowTaskCompleted = completed.EventId;
    }

    public long ActivityScheduled(int seq, string activityType, Payloads input, ActivityOptions options)
    {
        var scheduled = Add(EventType.ActivityTaskScheduled);
        scheduled.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ActivityType = new() { Name = activityType },
            TaskQueue = Queue(),
            Header = new(),
            Input = input,
            ScheduleToCloseTimeout = Duration.FromTimeSpan(options.ScheduleToCloseTimeout ?? TimeSpan.Zero),
            ScheduleToStartTimeout = Duration.FromTimeSpan(options.ScheduleToStartTimeout ?? TimeSpan.Zero),
            StartToCloseTimeout = Duration.FromTimeSpan(options.StartToCloseTimeout ?? TimeSpan.Zero),
            HeartbeatTimeout = Duration.FromTimeSpan(options.HeartbeatTimeout ?? TimeSpan.Zero),
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
            RetryPolicy = RetryPolicyOf(options.RetryPolicy),
        };
        return scheduled.EventId;
    }

    public long ActivityCancelRequested(long scheduledEventId)
    {
        var requested = Add(EventType.ActivityTaskCancelRequested);
        requested.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        };
        return requested.EventId;
    }

    public void ActivityCompleted(long scheduledEventId, int attempt, Failure? lastFailure, Payloads? result)
    {
        var startedEventId = ActivityStarted(scheduledEventId, attempt, lastFailure);
        Add(EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes = new()
        {
            Result = result,
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Identity = Identity,
        };
    }

    public void ActivityFailed(long scheduledEventId, int attempt, Failure? lastFailure, Failure failure, RetryState retryState)
    {
        var startedEventId = ActivityStarted(scheduledEventId, attempt, lastFailure);
        Add(EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes = new()
        {
            Failure = failure,
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Identity = Identity,
            RetryState = retryState,
        };
    }

    public void ActivityCanceled(long scheduledEventId, int attempt, Failure? lastFailure, long cancelRequestedEventId, Payloads details)
    {
        var startedEventId = ActivityStarted(scheduledEventId, attempt, lastFailure);
        Add(EventType.ActivityTaskCanceled).ActivityTaskCanceledEventAttributes = new()
        {
            Details = details,
            LatestCancelRequestedEventId = cancelRequestedEventId,
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            Identity = Identity,
        };
    }

    public void Signaled(string signalName, Payloads input) =>
        Add(EventType.WorkflowExecutionSignaled).WorkflowExecutionSignaledEventAttributes = new()
        {
            SignalName = signalName,
            Input = input,
            Identity = Identity,
            Header = new(),
        };

    public void CancelRequested() =>
        Add(EventType.WorkflowExecutionCancelRequested).WorkflowExecutionCancelRequestedEventAttributes = new() { Identity = Identity };

    public void Completed(Payloads result) =>
        Add(EventType.WorkflowExecutionCompleted).WorkflowExecutionCompletedEventAttributes = new()
        {
            Result = result,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        };

    public void Canceled() =>
        Add(EventType.WorkflowExecutionCanceled).WorkflowExecutionCanceledEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        };

    public void Failed(Failure failure) =>
        Add(EventType.WorkflowExecutionFailed).WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = failure,
            RetryState = RetryState.RetryPolicyNotSet,
            WorkflowTaskCompletedEventId = lastWorkflowTaskCompleted,
        };

    public WorkflowHistory ToHistory() => new(workflowId, [.. events]);

    /// <summary>The failure a server records for an attempt whose worker stopped heartbeating.</summary>
    public static Failure HeartbeatTimeout() => new()
    {
        Message = "activity Heartbeat timeout",
        Source = "Server",
        TimeoutFailureInfo = new() { TimeoutType = TimeoutType.Heartbeat },
    };

    private static string SdkVersion =>
        typeof(Workflow).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "unknown";

    private long ActivityStarted(long scheduledEventId, int attempt, Failure? lastFailure)
    {
        var started = Add(EventType.ActivityTaskStarted);
        started.ActivityTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            Identity = Identity,
            RequestId = Guid.NewGuid().ToString(),
            Attempt = attempt,
            LastFailure = lastFailure,
        };
        return started.EventId;
    }

    /// <summary>The retry policy as the server stores it, with its defaults filled in.</summary>
    private static Temporalio.Api.Common.V1.RetryPolicy RetryPolicyOf(Temporalio.Common.RetryPolicy? policy)
    {
        var initial = policy?.InitialInterval ?? TimeSpan.FromSeconds(1);
        var stored = new Temporalio.Api.Common.V1.RetryPolicy
        {
            InitialInterval = Duration.FromTimeSpan(initial),
            BackoffCoefficient = policy?.BackoffCoefficient ?? 2,
            MaximumInterval = Duration.FromTimeSpan(policy?.MaximumInterval ?? initial * 100),
            MaximumAttempts = policy?.MaximumAttempts ?? 0,
        };
        stored.NonRetryableErrorTypes.AddRange(policy?.NonRetryableErrorTypes ?? []);
        return stored;
    }

    private TaskQueue Queue() => new() { Name = taskQueue, Kind = TaskQueueKind.Normal };

    private HistoryEvent Add(EventType type)
    {
        var added = new HistoryEvent
        {
            EventId = events.Count + 1,
            EventTime = Timestamp.FromDateTime(DateTime.UtcNow),
            EventType = type,
            TaskId = 1048576 + events.Count,
        };
        events.Add(added);
        return added;
    }
}
