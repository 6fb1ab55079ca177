using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>An activity the workflow scheduled: its sequence number (its activity id), type, arguments and options.</summary>
public sealed record ScheduledActivity(int Seq, string Activity, IReadOnlyList<object?> Args, ActivityOptions Options);

/// <summary>How the workflow ended, when it did.</summary>
public abstract record WorkflowEnd
{
    public sealed record Completed(object? Result) : WorkflowEnd;

    public sealed record Cancelled : WorkflowEnd;

    public sealed record Failed(Exception Exception) : WorkflowEnd;

    /// <summary>The workflow threw what fails its task rather than the workflow: a bug, retried for ever by a real worker.</summary>
    public sealed record TaskFailed(Exception Exception) : WorkflowEnd;
}

/// <summary>
/// Watches a workflow from inside while it is replayed, and records the commands it gives: the activities it
/// schedules (in order, so the n-th is activity id n), the activities whose cancellation it requests, and how it
/// ends. Replaying a history that ends with a started workflow task runs that task for real, so what it records
/// beyond the history are the commands of that task. Cancellation is recorded the way the SDK decides it: an
/// activity whose cancellation token fires while it is unresolved, unless it is abandoned; the end as the SDK's
/// workflow instance classifies the workflow's exception.
/// </summary>
public sealed class WorkflowCommands : IWorkerInterceptor
{
    private readonly List<ScheduledActivity> scheduled = [];
    private readonly List<int> cancelRequested = [];

    public IReadOnlyList<ScheduledActivity> Scheduled => scheduled;

    public IReadOnlyList<int> CancelRequested => cancelRequested;

    public WorkflowEnd? End { get; private set; }

    /// <summary>Forgets what the last replay recorded.</summary>
    public void Reset()
    {
        scheduled.Clear();
        cancelRequested.Clear();
        End = null;
    }

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, WorkflowCommands commands) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, commands));

        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            try
            {
                var result = await base.ExecuteWorkflowAsync(input);
                commands.End = new WorkflowEnd.Completed(result);
                return result;
            }
            catch (Exception e)
            {
                commands.End = Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e)
                    ? new WorkflowEnd.Cancelled()
                    : e is FailureException or OperationCanceledException ? new WorkflowEnd.Failed(e) : new WorkflowEnd.TaskFailed(e);
                throw;
            }
        }
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, WorkflowCommands commands) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            var seq = commands.scheduled.Count + 1;
            commands.scheduled.Add(new ScheduledActivity(seq, input.Activity, [.. input.Args], input.Options));
            var task = base.ScheduleActivityAsync<TResult>(input);
            if (input.Options.CancellationType != ActivityCancellationType.Abandon)
            {
                var token = input.Options.CancellationToken ?? Workflow.CancellationToken;
                token.Register(() =>
                {
                    if (!task.IsCompleted)
                    {
                        commands.cancelRequested.Add(seq);
                    }
                });
            }

            return task;
        }
    }
}
