using Everruns.Api.Auth;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Agents;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Runners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Everruns.Api.Apis;

public static class RunsApi
{
    public const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/runs").WithTags("Runs");

        api.MapPost("/", CreateRun).WithName(nameof(CreateRun))
            .WithSummary("Start a run: the agent answers on the thread")
            .WithDescription("A repeated Idempotency-Key returns the first run made with it; a key belongs to its caller (API key) and to the request it came with, and the same key with another thread_id or agent_id answers 422. A thread has at most one active run: a second start answers 409 with the active run's id.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/", ListRuns).WithName(nameof(ListRuns)).WithSummary("List runs, newest first");
        api.MapGet("/{id}", GetRun).WithName(nameof(GetRun)).WithSummary("Get a run with its status and token usage");
        api.MapPost("/{id}/cancel", CancelRun).WithName(nameof(CancelRun)).WithSummary("Cancel a run");

        return api;
    }

    public static async Task<Results<Created<RunResponse>, Ok<RunResponse>, ProblemHttpResult>> CreateRun(
        CreateRunRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        AgentStore agents,
        ThreadStore threads,
        IRunExecution execution,
        KeyLimits limits,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength } || idempotencyKey?.Any(char.IsControl) == true)
        {
            return Problems.Invalid(
                "Idempotency-Key", $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} characters, none of them control characters.");
        }

        if (await limits.CheckNewRunAsync(context.User, context, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        // A key is the caller's own, and stands for this request only.
        var scopedKey = idempotencyKey is null ? null : $"{context.User.IdempotencyScope()}/{idempotencyKey}";
        var creation = await execution.StartAsync(
            new NewRun(request.AgentId, request.ThreadId, scopedKey, CreatedBy: context.User.KeyId(), IdempotencyFingerprint: request.Fingerprint()),
            cancellationToken);
        return creation switch
        {
            RunCreation.Created created => TypedResults.Created($"/v1/runs/{created.Run.Id}", RunResponse.From(created.Run)),
            RunCreation.Replayed replayed => TypedResults.Ok(RunResponse.From(replayed.Run)),
            RunCreation.ThreadBusy busy => Problems.Conflict(
                $"Thread {request.ThreadId} already has an active run, {busy.ActiveRunId}.",
                new Dictionary<string, object?> { ["active_run_id"] = busy.ActiveRunId }),
            RunCreation.IdempotencyKeyReused => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used before for another request (another thread_id or agent_id); use a new key for a new request."),
            RunCreation.NoAgentToRun => await WhyNoAgentToRunAsync(request, threads, agents, cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected outcome {creation}."),
        };
    }

    /// <summary>The run was not made for want of an agent to answer: says which thing is missing.</summary>
    private static async Task<ProblemHttpResult> WhyNoAgentToRunAsync(
        CreateRunRequest request, ThreadStore threads, AgentStore agents, CancellationToken cancellationToken)
    {
        var thread = await threads.GetAsync(request.ThreadId, cancellationToken);
        if (thread is null)
        {
            return Problems.NotFound("Thread", request.ThreadId);
        }

        if ((request.AgentId ?? thread.AgentId) is not { } agentId)
        {
            return Problems.Invalid("agent_id", "agent_id is required: the thread does not belong to an agent.");
        }

        var agent = await agents.GetAsync(agentId, cancellationToken);
        return agent switch
        {
            null => Problems.NotFound("Agent", agentId),
            { Status: AgentStatus.Archived } => Problems.ArchivedAgent(agent.Id),
            _ => Problems.Conflict("The thread or its agent changed while the run was being started; try again."),
        };
    }

    public static async Task<Results<Ok<ListResponse<RunResponse>>, ProblemHttpResult>> ListRuns(
        RunStore runs,
        CancellationToken cancellationToken,
        string? status = null,
        [FromQuery(Name = "agent_id")] Guid? agentId = null,
        [FromQuery(Name = "thread_id")] Guid? threadId = null,
        int? limit = null,
        int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors)
            || !QueryEnum.TryParse<RunStatus>(status, "status", out var statusFilter, out errors))
        {
            return Problems.Invalid(errors);
        }

        var result = await runs.ListAsync(new RunFilter(statusFilter, agentId, threadId), page, cancellationToken);
        return TypedResults.Ok(ListResponse<RunResponse>.From(result, RunResponse.From));
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRun(
        Guid id, RunStore runs, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(id, cancellationToken);
        return run is null ? Problems.NotFound("Run", id) : TypedResults.Ok(RunResponse.From(run));
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> CancelRun(
        Guid id, IRunExecution execution, CancellationToken cancellationToken)
    {
        var cancellation = await execution.CancelAsync(id, cancellationToken);
        return cancellation switch
        {
            RunCancellation.Done done => TypedResults.Ok(RunResponse.From(done.Run)),
            RunCancellation.AlreadyFinished finished => Problems.Conflict(
                $"Run {id} has already finished ({finished.Run.Status.ToString().ToLowerInvariant()}).",
                new Dictionary<string, object?> { ["run_status"] = finished.Run.Status }),
            _ => Problems.NotFound("Run", id),
        };
    }
}
