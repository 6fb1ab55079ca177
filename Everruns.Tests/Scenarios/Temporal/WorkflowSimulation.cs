using System.Threading.Channels;
using Everruns.Tests.Temporal;
using Everruns.Worker.Temporal;
using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Testing;
using Temporalio.Worker;

namespace Everruns.Tests.Scenarios.Temporal;

/// <summary>
/// One workflow as a server and a worker would execute it, written into its history as it goes. Each workflow task
/// replays the history so far with the real workflow code (<see cref="WorkflowReplayer"/>); what the workflow does in
/// the task it has not yet answered are its new commands (<see cref="WorkflowCommands"/>), written as the events a
/// server writes for them. Scheduled activities run for real on the current worker; their outcomes, signals and
/// cancel requests become events, each followed by a new workflow task. Retries follow the activity's retry policy,
/// without its backoff. Timeouts other than a crashed worker's missed heartbeats are not simulated.
/// </summary>
public sealed class WorkflowSimulation : IAsyncDisposable
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan QuietLimit = TimeSpan.FromMinutes(2);
    private static readonly DataConverter Converter = DataConverter.Default;

    private readonly SimulatedTemporal temporal;
    private readonly string workflowType;
    private readonly IReadOnlyCollection<object?> input;
    private readonly HistoryWriter history;
    private readonly WorkflowCommands commands = new();
    private readonly WorkflowReplayer replayer;
    private readonly Channel<Happening> inbox = Channel.CreateUnbounded<Happening>();
    private readonly Dictionary<int, Attempt> running = [];
    private readonly HashSet<int> cancelRequested = [];
    private readonly TaskCompletionSource<WorkflowHistory> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int scheduledSoFar;
    private bool workflowCancelRequested;

    public WorkflowSimulation(SimulatedTemporal temporal, string workflowId, string workflowType, string taskQueue, IReadOnlyCollection<object?> input)
    {
        this.temporal = temporal;
        this.workflowType = workflowType;
        this.input = input;
        history = new HistoryWriter(workflowId, taskQueue);
        replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [commands] }.AddWorkflow<AgentRunWorkflow>());
    }

    public Task<WorkflowHistory> Completion => completion.Task;

    public void Start() => _ = Task.Run(async () =>
    {
        try
        {
            completion.TrySetResult(await RunAsync());
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
        }
    });

    public void Signal(string name, IReadOnlyCollection<object?> args) => inbox.Writer.TryWrite(new Happening.Signalled(name, Payloads(args)));

    public void RequestCancel() => inbox.Writer.TryWrite(new Happening.CancelRequested());

    public async Task CrashAsync()
    {
        var crashed = new Happening.Crashed(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        inbox.Writer.TryWrite(crashed);
        await Task.WhenAny(crashed.Done.Task, Completion);
    }

    /// <summary>Stops the simulation where it is: it takes nothing more in, and what still runs is cancelled.</summary>
    public ValueTask DisposeAsync()
    {
        inbox.Writer.TryComplete();
        foreach (var attempt in running.Values.ToArray())
        {
            attempt.Environment.Cancel(ActivityCancelReason.WorkerShutdown);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<WorkflowHistory> RunAsync()
    {
        history.Started(workflowType, Payloads(input));
        history.WorkflowTask();
        while (!await RunWorkflowTaskAsync())
        {
            while (!await ApplyAsync(await NextAsync()))
            {
            }

            history.WorkflowTask();
        }

        return history.ToHistory();
    }

    /// <summary>Runs the started workflow task and writes its commands; true when the workflow ended.</summary>
    private async Task<bool> RunWorkflowTaskAsync()
    {
        commands.Reset();
        var replay = await replayer.ReplayWorkflowAsync(history.ToHistory(), throwOnReplayFailure: false);
        if (replay.ReplayFailure is { } failure)
        {
            throw new InvalidOperationException($"The workflow does not replay the history written for it:\n{history.ToHistory().ToJson()}", failure);
        }

        history.WorkflowTaskCompleted();
        foreach (var activity in commands.Scheduled.Skip(scheduledSoFar))
        {
            var scheduledEventId = history.ActivityScheduled(activity.Seq, activity.Activity, Payloads(activity.Args), activity.Options);
            await StartAsync(new Attempt(activity, scheduledEventId, Number: 1, LastFailure: null));
        }

        scheduledSoFar = commands.Scheduled.Count;
        foreach (var seq in commands.CancelRequested.Where(cancelRequested.Add))
        {
            var attempt = running[seq];
            attempt.CancelRequestedEventId = history.ActivityCancelRequested(attempt.ScheduledEventId);
            attempt.Environment.Cancel(ActivityCancelReason.CancelRequested);
        }

        switch (commands.End)
        {
            case WorkflowEnd.Completed completed:
                history.Completed(Payloads([completed.Result]));
                return true;
            case WorkflowEnd.Cancelled:
                history.Canceled();
                return true;
            case WorkflowEnd.Failed failed:
                history.Failed(FailureOf(failed.Exception));
                return true;
            case WorkflowEnd.TaskFailed failed:
                throw new InvalidOperationException("The workflow failed its task (a real worker would retry it for ever).", failed.Exception);
            default:
                return false;
        }
    }

    private async Task<Happening> NextAsync()
    {
        using var quiet = new CancellationTokenSource(QuietLimit);
        try
        {
            return await inbox.Reader.ReadAsync(quiet.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Workflow {history.WorkflowId} waited {QuietLimit.TotalMinutes} min for something to happen:\n{history.ToHistory().ToJson()}");
        }
    }

    /// <summary>Applies what happened; true when it went into the history (a new workflow task follows).</summary>
    private async Task<bool> ApplyAsync(Happening happening)
    {
        switch (happening)
        {
            case Happening.Signalled signal:
                history.Signaled(signal.Name, signal.Input);
                return true;
            case Happening.CancelRequested when !workflowCancelRequested:
                workflowCancelRequested = true;
                history.CancelRequested();
                return true;
            case Happening.CancelRequested:
                return false;
            case Happening.Crashed crashed:
                await CrashRunningAsync();
                crashed.Done.TrySetResult();
                return false;
            case Happening.Finished finished when running.GetValueOrDefault(finished.Attempt.Activity.Seq) == finished.Attempt:
                return await CloseAsync(finished.Attempt, finished.Outcome);
            default:
                // The outcome of an attempt that was given up (its worker crashed).
                return false;
        }
    }

    private async Task<bool> CloseAsync(Attempt attempt, Outcome outcome)
    {
        var seq = attempt.Activity.Seq;
        switch (outcome)
        {
            case Outcome.Completed completed:
                running.Remove(seq);
                history.ActivityCompleted(attempt.ScheduledEventId, attempt.Number, attempt.LastFailure, completed.Result);
                return true;
            case Outcome.Cancelled when attempt.CancelRequestedEventId is { } requested:
                running.Remove(seq);
                history.ActivityCanceled(attempt.ScheduledEventId, attempt.Number, attempt.LastFailure, requested, new Payloads());
                return true;
            default:
                var failure = FailureOf(((Outcome.Failed)outcome).Exception);
                var state = RetryStateOf(attempt, failure);
                if (state is null)
                {
                    await StartAsync(attempt with { Number = attempt.Number + 1, LastFailure = failure });
                    return false;
                }

                running.Remove(seq);
                history.ActivityFailed(attempt.ScheduledEventId, attempt.Number, attempt.LastFailure, failure, state.Value);
                return true;
        }
    }

    /// <summary>Why the failed attempt is the last one, as the server says it; null when the activity is tried again.</summary>
    private static RetryState? RetryStateOf(Attempt attempt, Failure failure)
    {
        var policy = attempt.Activity.Options.RetryPolicy;
        if (failure.ApplicationFailureInfo is { } application
            && (application.NonRetryable || (policy?.NonRetryableErrorTypes?.Contains(application.Type) ?? false)))
        {
            return RetryState.NonRetryableFailure;
        }

        var maximum = policy?.MaximumAttempts is > 0 and var limit ? limit : MaxAttempts;
        return attempt.Number >= maximum ? RetryState.MaximumAttemptsReached : null;
    }

    /// <summary>The running attempt's worker died: it is given to a new worker once its heartbeats are missed.</summary>
    private async Task CrashRunningAsync()
    {
        foreach (var attempt in running.Values.ToList())
        {
            var worker = await temporal.ReplaceWorkerAsync(attempt.Worker!);
            attempt.Environment.Cancel(ActivityCancelReason.WorkerShutdown);
            await StartAsync(attempt with { Number = attempt.Number + 1, LastFailure = HistoryWriter.HeartbeatTimeout() }, worker);
        }
    }

    private async Task StartAsync(Attempt attempt, ActivityTestHost? worker = null)
    {
        worker ??= await temporal.WorkerAsync();
        var fresh = attempt with
        {
            Worker = worker,
            Environment = new ActivityEnvironment
            {
                Info = ActivityEnvironment.DefaultInfo with
                {
                    ActivityId = attempt.Activity.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ActivityType = attempt.Activity.Activity,
                    Attempt = attempt.Number,
                    WorkflowId = history.WorkflowId,
                    WorkflowType = workflowType,
                    HeartbeatTimeout = attempt.Activity.Options.HeartbeatTimeout,
                    StartToCloseTimeout = attempt.Activity.Options.StartToCloseTimeout,
                },
            },
            CancelRequestedEventId = attempt.CancelRequestedEventId,
        };
        running[attempt.Activity.Seq] = fresh;
        var activities = worker.Activities();
        var definition = ActivityDefinition.CreateAll(typeof(AgentRunActivities), activities).Single(d => d.Name == attempt.Activity.Activity);
        var arguments = Payloads(attempt.Activity.Args).Payloads_
            .Zip(definition.ParameterTypes, (payload, type) => Converter.PayloadConverter.ToValue(payload, type))
            .ToArray();
        _ = Task.Run(async () =>
        {
            Outcome outcome;
            try
            {
                var result = await fresh.Environment.RunAsync(() => definition.InvokeAsync(arguments));
                // An activity without a result completes with a null payload, as the worker sends it.
                outcome = new Outcome.Completed(Payloads([definition.ReturnType == typeof(Task) ? null : result]));
            }
            catch (OperationCanceledException) when (fresh.Environment.CancelReason == ActivityCancelReason.CancelRequested)
            {
                outcome = new Outcome.Cancelled();
            }
            catch (Exception e)
            {
                outcome = new Outcome.Failed(e);
            }

            inbox.Writer.TryWrite(new Happening.Finished(fresh, outcome));
        });
    }

    /// <summary>The failure as the worker reports it, without stack traces (they would name the machine that built the history).</summary>
    private static Failure FailureOf(Exception exception)
    {
        var failure = Converter.FailureConverter.ToFailure(exception, Converter.PayloadConverter);
        for (var cause = failure; cause is not null; cause = cause.Cause)
        {
            cause.StackTrace = "";
        }

        return failure;
    }

    private static Payloads Payloads(IEnumerable<object?> values) => new() { Payloads_ = { values.Select(Converter.PayloadConverter.ToPayload) } };

    private abstract record Happening
    {
        public sealed record Signalled(string Name, Payloads Input) : Happening;

        public sealed record CancelRequested : Happening;

        public sealed record Crashed(TaskCompletionSource Done) : Happening;

        public sealed record Finished(Attempt Attempt, Outcome Outcome) : Happening;
    }

    private abstract record Outcome
    {
        public sealed record Completed(Payloads Result) : Outcome;

        public sealed record Cancelled : Outcome;

        public sealed record Failed(Exception Exception) : Outcome;
    }

    /// <summary>One attempt of a scheduled activity, on one worker.</summary>
    private sealed record Attempt(ScheduledActivity Activity, long ScheduledEventId, int Number, Failure? LastFailure)
    {
        public ActivityTestHost? Worker { get; init; }

        public ActivityEnvironment Environment { get; init; } = new();

        public long? CancelRequestedEventId { get; set; }
    }
}
