namespace Everruns.Data.Schedules;

public enum FireTrigger
{
    /// <summary>An occurrence of the schedule's timetable.</summary>
    Cron,

    /// <summary>Asked for with "run now".</summary>
    Manual,
}

public enum FireOutcome
{
    /// <summary>Claimed, its run not started yet.</summary>
    Pending,

    Started,

    /// <summary>No run was started; <see cref="ScheduleFire.Reason"/> says why.</summary>
    Skipped,
}

/// <summary>Why a fire started no run.</summary>
public static class SkipReasons
{
    /// <summary>The thread the schedule continues had an active run.</summary>
    public const string ThreadBusy = "thread_busy";

    /// <summary>The schedule's agent is archived; the schedule is paused with it.</summary>
    public const string AgentArchived = "agent_archived";

    /// <summary>It came later than the grace of a schedule that skips missed fires.</summary>
    public const string Missed = "missed";

    /// <summary>The run could not be started for another reason, which the detail gives.</summary>
    public const string NotStarted = "not_started";
}

/// <summary>
/// One fire of a schedule, claimed once across every API instance: the thread and message id its run is made from
/// are chosen when it is claimed, so that finishing it again (after a crash) makes the same run, not a second one.
/// </summary>
public sealed record ScheduleFire(
    Guid Id,
    Guid ScheduleId,
    FireTrigger Trigger,
    DateTimeOffset ScheduledFor,
    DateTimeOffset FiredAt,
    Guid ThreadId,
    bool NewThread,
    Guid MessageId,
    Guid? CreatedBy,
    FireOutcome Outcome,
    string? Reason,
    string? Detail,
    Guid? RunId)
{
    /// <summary>
    /// The Idempotency-Key of the fire's run: starting it twice gives the first run. The keys callers send are stored
    /// prefixed with their caller's scope, so no request to the API can take or replay this one.
    /// </summary>
    public string RunIdempotencyKey => $"schedule-fire:{Id}";
}
