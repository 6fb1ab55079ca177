using Everruns.Api.Auth;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Api.Schedules;
using Everruns.Data.Agents;
using Everruns.Data.Schedules;
using Everruns.Data.Threads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Everruns.Api.Apis;

public static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/schedules").WithTags("Schedules");

        api.MapPost("/", CreateSchedule).WithName(nameof(CreateSchedule))
            .WithSummary("Create a schedule: the agent answers a message on a cron timetable")
            .WithDescription("cron has five fields (minute hour day-of-month month day-of-week) or six with seconds first; timezone is an IANA name (default UTC). Each fire adds message as the user's message to thread_id, or to a new thread when there is none, and starts a run.");
        api.MapGet("/", ListSchedules).WithName(nameof(ListSchedules)).WithSummary("List schedules, newest first");
        api.MapGet("/{id}", GetSchedule).WithName(nameof(GetSchedule)).WithSummary("Get a schedule with its next and latest fire");
        api.MapPatch("/{id}", UpdateSchedule).WithName(nameof(UpdateSchedule)).WithSummary("Change a schedule");
        api.MapDelete("/{id}", DeleteSchedule).WithName(nameof(DeleteSchedule))
            .WithSummary("Delete a schedule")
            .WithDescription("The threads and runs it started stay.");
        api.MapPost("/{id}/pause", PauseSchedule).WithName(nameof(PauseSchedule)).WithSummary("Pause a schedule: it does not fire until resumed");
        api.MapPost("/{id}/resume", ResumeSchedule).WithName(nameof(ResumeSchedule))
            .WithSummary("Resume a paused schedule")
            .WithDescription("It fires next at its first occurrence from now: the occurrences it passed while paused are not made up.");
        api.MapPost("/{id}/run", RunScheduleNow).WithName(nameof(RunScheduleNow))
            .WithSummary("Fire a schedule now, also while it is paused")
            .WithDescription("Answers the run it started; 409 when its thread has an active run or its agent is archived.");
        api.MapGet("/{id}/fires", ListScheduleFires).WithName(nameof(ListScheduleFires))
            .WithSummary("List a schedule's fires, newest first: their runs, or why they started none");

        return api;
    }

    public static async Task<Results<Created<ScheduleResponse>, ProblemHttpResult>> CreateSchedule(
        CreateScheduleRequest request,
        ScheduleStore schedules,
        AgentStore agents,
        ThreadStore threads,
        TimeProvider time,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var timezone = request.Timezone ?? ScheduleValidation.DefaultTimezone;
        var errors = ScheduleValidation.Validate(request.Cron, timezone, request.Message, time.GetUtcNow(), out var nextFireAt);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var agent = await agents.GetAsync(request.AgentId, cancellationToken);
        if (agent is null)
        {
            return Problems.NotFound("Agent", request.AgentId);
        }

        if (agent.Status == AgentStatus.Archived)
        {
            return Problems.ArchivedAgent(agent.Id);
        }

        if (request.ThreadId is { } threadId && await CheckThreadAsync(threadId, agent.Id, threads, cancellationToken) is { } wrongThread)
        {
            return wrongThread;
        }

        var schedule = await schedules.CreateAsync(
            new NewSchedule(
                agent.Id, request.ThreadId, request.Cron.Trim(), timezone, request.Message, request.MissedFires ?? MissedFires.RunOnce,
                nextFireAt, context.User.KeyId()),
            cancellationToken);
        return TypedResults.Created($"/v1/schedules/{schedule.Id}", ScheduleResponse.From(schedule));
    }

    public static async Task<Results<Ok<ListResponse<ScheduleResponse>>, ProblemHttpResult>> ListSchedules(
        ScheduleStore schedules,
        CancellationToken cancellationToken,
        [FromQuery(Name = "agent_id")] Guid? agentId = null,
        string? status = null,
        int? limit = null,
        int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors)
            || !QueryEnum.TryParse<ScheduleStatus>(status, "status", out var statusFilter, out errors))
        {
            return Problems.Invalid(errors);
        }

        var result = await schedules.ListAsync(new ScheduleFilter(agentId, statusFilter), page, cancellationToken);
        return TypedResults.Ok(ListResponse<ScheduleResponse>.From(result, ScheduleResponse.From));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetSchedule(
        Guid id, ScheduleStore schedules, CancellationToken cancellationToken)
    {
        var schedule = await schedules.GetAsync(id, cancellationToken);
        return schedule is null ? Problems.NotFound("Schedule", id) : TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> UpdateSchedule(
        Guid id,
        UpdateScheduleRequest request,
        ScheduleStore schedules,
        ThreadStore threads,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var existing = await schedules.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return Problems.NotFound("Schedule", id);
        }

        var errors = ScheduleValidation.Validate(
            request.Cron ?? existing.Cron, request.Timezone ?? existing.Timezone, request.Message, time.GetUtcNow(), out var nextFireAt);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (request.ThreadId is { } threadId && await CheckThreadAsync(threadId, existing.AgentId, threads, cancellationToken) is { } wrongThread)
        {
            return wrongThread;
        }

        var retimed = request.Cron is not null || request.Timezone is not null;
        var changes = new ScheduleChanges(request.ThreadId, request.Cron?.Trim(), request.Timezone, request.Message, request.MissedFires, retimed, nextFireAt);
        var schedule = await schedules.UpdateAsync(id, changes, cancellationToken);
        return schedule is null ? Problems.NotFound("Schedule", id) : TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSchedule(
        Guid id, ScheduleStore schedules, CancellationToken cancellationToken) =>
        await schedules.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("Schedule", id);

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> PauseSchedule(
        Guid id, ScheduleStore schedules, CancellationToken cancellationToken)
    {
        var schedule = await schedules.PauseAsync(id, cancellationToken);
        return schedule is null ? Problems.NotFound("Schedule", id) : TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> ResumeSchedule(
        Guid id, ScheduleStore schedules, AgentStore agents, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await schedules.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return Problems.NotFound("Schedule", id);
        }

        if (await agents.GetAsync(existing.AgentId, cancellationToken) is { Status: AgentStatus.Archived })
        {
            return Problems.Conflict($"Agent {existing.AgentId} is archived: its schedules cannot be resumed.");
        }

        var nextFireAt = Timetable.TryCreate(existing.Cron, existing.Timezone, out _)?.NextAfter(time.GetUtcNow());
        var schedule = await schedules.ResumeAsync(id, nextFireAt, cancellationToken);
        return schedule is null ? Problems.NotFound("Schedule", id) : TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    public static async Task<Results<Created<RunResponse>, ProblemHttpResult>> RunScheduleNow(
        Guid id,
        ScheduleFireStore fires,
        ScheduleFirer firer,
        KeyLimits limits,
        TimeProvider time,
        IOptions<SchedulesOptions> options,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await limits.CheckNewRunAsync(context.User, context, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        var fire = await fires.ClaimNowAsync(id, time.GetUtcNow(), options.Value.FireLease, context.User.KeyId(), cancellationToken);
        if (fire is null)
        {
            return Problems.NotFound("Schedule", id);
        }

        // The fire is claimed: from here on it finishes even if this request is abandoned.
        var result = await firer.StartAsync(fire, CancellationToken.None);
        return result switch
        {
            FireResult.Started started => TypedResults.Created($"/v1/runs/{started.Run.Id}", RunResponse.From(started.Run)),
            FireResult.Skipped { ActiveRunId: { } active } busy => Problems.Conflict(
                busy.Detail, new Dictionary<string, object?> { ["active_run_id"] = active }),
            FireResult.Skipped skipped => Problems.Conflict(skipped.Detail, new Dictionary<string, object?> { ["reason"] = skipped.Reason }),
            _ => Problems.Conflict("The fire was finished elsewhere; see the schedule's fires."),
        };
    }

    public static async Task<Results<Ok<ListResponse<ScheduleFireResponse>>, ProblemHttpResult>> ListScheduleFires(
        Guid id,
        ScheduleStore schedules,
        ScheduleFireStore fires,
        CancellationToken cancellationToken,
        int? limit = null,
        int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors))
        {
            return Problems.Invalid(errors);
        }

        if (await schedules.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Schedule", id);
        }

        var result = await fires.ListAsync(id, page, cancellationToken);
        return TypedResults.Ok(ListResponse<ScheduleFireResponse>.From(result, ScheduleFireResponse.From));
    }

    /// <summary>A schedule continues a thread of its own agent (or of none): anything else is the answer to give instead.</summary>
    private static async Task<ProblemHttpResult?> CheckThreadAsync(Guid threadId, Guid agentId, ThreadStore threads, CancellationToken cancellationToken)
    {
        var thread = await threads.GetAsync(threadId, cancellationToken);
        if (thread is null)
        {
            return Problems.NotFound("Thread", threadId);
        }

        return thread.AgentId is { } owner && owner != agentId
            ? Problems.Invalid("thread_id", $"thread_id names a thread of another agent ({owner}); a schedule continues a thread of its own agent.")
            : null;
    }
}
