namespace Everruns.Data.Schedules;

public enum ScheduleStatus
{
    Active,
    Paused,
}

/// <summary>What a schedule does about the occurrences it missed while no API instance was running.</summary>
public enum MissedFires
{
    /// <summary>One run for the whole missed period, as soon as an instance is up again.</summary>
    RunOnce,

    /// <summary>None: a fire that comes later than <c>Schedules:MissedFireGrace</c> is recorded as skipped.</summary>
    Skip,
}

/// <summary>
/// Runs of an agent on a cron timetable in a time zone: each fire adds <see cref="Message"/> as the user's message to
/// <see cref="ThreadId"/> (or to a new thread of its own when there is none) and starts a run on it.
/// </summary>
public sealed record Schedule(
    Guid Id,
    Guid AgentId,
    Guid? ThreadId,
    string Cron,
    string Timezone,
    string Message,
    MissedFires MissedFires,
    ScheduleStatus Status,
    DateTimeOffset? NextFireAt,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Its latest fire, when it fired at all.</summary>
    public ScheduleFire? LastFire { get; init; }
}
