using Everruns.Data.Schedules;

namespace Everruns.Api.Contracts;

/// <summary>
/// Without <c>thread_id</c>, every fire starts a thread of its own; <c>timezone</c> defaults to UTC and
/// <c>missed_fires</c> to <c>run_once</c>.
/// </summary>
public sealed record CreateScheduleRequest(
    Guid AgentId,
    string Cron,
    string Message,
    string? Timezone = null,
    Guid? ThreadId = null,
    MissedFires? MissedFires = null);

/// <summary>Fields left out (or null) stay as they are; a new <c>cron</c> or <c>timezone</c> sets the next fire from now.</summary>
public sealed record UpdateScheduleRequest(
    string? Cron = null,
    string? Timezone = null,
    string? Message = null,
    Guid? ThreadId = null,
    MissedFires? MissedFires = null);

/// <summary><c>next_fire_at</c> is left out while the schedule is paused (or when its timetable has no future occurrence).</summary>
public sealed record ScheduleResponse(
    Guid Id,
    Guid AgentId,
    Guid? ThreadId,
    string Cron,
    string Timezone,
    string Message,
    MissedFires MissedFires,
    ScheduleStatus Status,
    DateTimeOffset? NextFireAt,
    ScheduleFireResponse? LastFire,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ScheduleResponse From(Schedule schedule) => new(
        schedule.Id,
        schedule.AgentId,
        schedule.ThreadId,
        schedule.Cron,
        schedule.Timezone,
        schedule.Message,
        schedule.MissedFires,
        schedule.Status,
        schedule.NextFireAt,
        schedule.LastFire is { } fire ? ScheduleFireResponse.From(fire) : null,
        schedule.CreatedAt,
        schedule.UpdatedAt);
}

/// <summary>
/// One fire of a schedule: the occurrence it is for (<c>scheduled_for</c>; the first one missed, when it covers
/// several), when it was claimed, and its run, or why it started none (<c>reason</c>: thread_busy, agent_archived,
/// missed, not_started).
/// </summary>
public sealed record ScheduleFireResponse(
    Guid Id,
    Guid ScheduleId,
    FireTrigger Trigger,
    DateTimeOffset ScheduledFor,
    DateTimeOffset FiredAt,
    FireOutcome Outcome,
    Guid ThreadId,
    Guid? RunId,
    string? Reason,
    string? Detail)
{
    public static ScheduleFireResponse From(ScheduleFire fire) => new(
        fire.Id, fire.ScheduleId, fire.Trigger, fire.ScheduledFor, fire.FiredAt, fire.Outcome, fire.ThreadId, fire.RunId, fire.Reason, fire.Detail);
}
