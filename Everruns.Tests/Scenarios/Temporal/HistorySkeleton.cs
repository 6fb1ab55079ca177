using System.Text;
using Everruns.Worker.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Converters;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>
/// What a history says happened, without what differs from one execution to the next: the activities in order with
/// their inputs, attempts and outcomes, the signals and cancel requests, and how the workflow ended. Workflow tasks,
/// ids, times and identities are left out, and the run's id is written as <c>{run}</c>. The Resume signals are listed
/// apart from the rest: when one comes relative to the activity before it depends on timing, and the workflow does
/// the same either way. Two histories with the same skeleton are the same execution.
/// </summary>
public static class HistorySkeleton
{
    public static string Of(WorkflowHistory history)
    {
        var input = history.Events.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_[0];
        var runId = DataConverter.Default.PayloadConverter.ToValue<AgentRunInput>(input).RunId.ToString();
        string Text(Payloads? payloads) => payloads is null
            ? ""
            : string.Join(" ", payloads.Payloads_.Select(p => p.Data.ToStringUtf8().Replace(runId, "{run}", StringComparison.Ordinal)));

        var lines = new StringBuilder();
        var signals = new List<string>();
        var activityTypes = new Dictionary<long, string>();
        foreach (var e in history.Events)
        {
            switch (e.EventType)
            {
                case EventType.ActivityTaskScheduled:
                    var scheduled = e.ActivityTaskScheduledEventAttributes;
                    activityTypes[e.EventId] = scheduled.ActivityType.Name;
                    lines.AppendLine($"schedule {scheduled.ActivityType.Name} {Text(scheduled.Input)}");
                    break;
                case EventType.ActivityTaskStarted:
                    var started = e.ActivityTaskStartedEventAttributes;
                    lines.AppendLine($"  attempt {started.Attempt}{(started.LastFailure is { } last ? $" after: {last.Message}" : "")}");
                    break;
                case EventType.ActivityTaskCompleted:
                    lines.AppendLine($"  completed {Text(e.ActivityTaskCompletedEventAttributes.Result)}");
                    break;
                case EventType.ActivityTaskFailed:
                    var failed = e.ActivityTaskFailedEventAttributes;
                    lines.AppendLine($"  failed {failed.Failure.ApplicationFailureInfo?.Type}: {failed.Failure.Message} ({failed.RetryState})");
                    break;
                case EventType.ActivityTaskCancelRequested:
                    lines.AppendLine($"  cancel requested ({activityTypes[e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId]})");
                    break;
                case EventType.ActivityTaskCanceled:
                    lines.AppendLine("  cancelled");
                    break;
                case EventType.WorkflowExecutionSignaled:
                    signals.Add(e.WorkflowExecutionSignaledEventAttributes.SignalName);
                    break;
                case EventType.WorkflowExecutionCancelRequested:
                    lines.AppendLine("workflow cancel requested");
                    break;
                case EventType.WorkflowExecutionCompleted:
                    lines.AppendLine($"workflow completed {Text(e.WorkflowExecutionCompletedEventAttributes.Result)}");
                    break;
                case EventType.WorkflowExecutionCanceled:
                    lines.AppendLine("workflow cancelled");
                    break;
                case EventType.WorkflowExecutionFailed:
                    lines.AppendLine($"workflow failed: {e.WorkflowExecutionFailedEventAttributes.Failure.Message}");
                    break;
            }
        }

        lines.AppendLine($"signals: {string.Join(", ", signals)}");
        return lines.ToString();
    }
}
