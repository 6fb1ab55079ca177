using Everruns.Data.Runs;
using Everruns.Data.Schedules;
using Everruns.Worker.Runners;

namespace Everruns.Api.Schedules;

/// <summary>
/// Starts the run of a claimed fire, through the same start as <c>POST /v1/runs</c> (so in either runner mode), and
/// records what came of it. Starting a fire again (after a crash) writes nothing twice: its thread and message have the
/// ids chosen at the claim, and its run the fire's idempotency key.
/// </summary>
public sealed class ScheduleFirer(ScheduleFireStore fires, IRunExecution execution, ILogger<ScheduleFirer> logger)
{
    /// <summary>What came of the fire; null when it was already finished (by another instance).</summary>
    public async Task<FireResult?> StartAsync(ScheduleFire fire, CancellationToken cancellationToken)
    {
        var start = await fires.ReadToStartAsync(fire.Id, cancellationToken);
        if (start is null)
        {
            return null;
        }

        if (start.AgentArchived)
        {
            return await SkipAsync(
                fire, new FireResult.Skipped(SkipReasons.AgentArchived, $"Agent {start.AgentId} is archived; the schedule is paused."), cancellationToken);
        }

        // A fire whose message is stored got past this check before: its run may be the thread's active one.
        if (!start.MessageStored && start.ActiveRunId is { } active)
        {
            return await SkipAsync(fire, Busy(fire.ThreadId, active), cancellationToken);
        }

        await fires.WriteMessageAsync(start, cancellationToken);
        var creation = await execution.StartAsync(
            new NewRun(start.AgentId, fire.ThreadId, fire.RunIdempotencyKey, CreatedBy: fire.CreatedBy), cancellationToken);
        return creation switch
        {
            RunCreation.Created created => await StartedAsync(fire, created.Run, cancellationToken),
            RunCreation.Replayed replayed => await StartedAsync(fire, replayed.Run, cancellationToken),
            RunCreation.ThreadBusy busy => await SkipAsync(fire, Busy(fire.ThreadId, busy.ActiveRunId), cancellationToken),
            RunCreation.NoAgentToRun => await SkipAsync(
                fire, new FireResult.Skipped(SkipReasons.AgentArchived, $"Agent {start.AgentId} is archived; the schedule is paused."), cancellationToken),
            _ => await SkipAsync(fire, new FireResult.Skipped(SkipReasons.NotStarted, "The run was refused when it was started."), cancellationToken),
        };
    }

    private static FireResult.Skipped Busy(Guid threadId, Guid activeRunId) =>
        new(SkipReasons.ThreadBusy, $"Thread {threadId} still had an active run, {activeRunId}.", activeRunId);

    private async Task<FireResult> StartedAsync(ScheduleFire fire, Run run, CancellationToken cancellationToken)
    {
        await fires.StartedAsync(fire.Id, run.Id, cancellationToken);
        logger.LogDebug("Schedule {ScheduleId} fired for {ScheduledFor:O}: run {RunId}", fire.ScheduleId, fire.ScheduledFor, run.Id);
        return new FireResult.Started(run);
    }

    private async Task<FireResult> SkipAsync(ScheduleFire fire, FireResult.Skipped skipped, CancellationToken cancellationToken)
    {
        await fires.SkippedAsync(fire.Id, skipped.Reason, skipped.Detail, pauseSchedule: skipped.Reason == SkipReasons.AgentArchived, cancellationToken);
        logger.LogInformation(
            "Schedule {ScheduleId} started no run for {ScheduledFor:O}: {Detail}", fire.ScheduleId, fire.ScheduledFor, skipped.Detail);
        return skipped;
    }
}
