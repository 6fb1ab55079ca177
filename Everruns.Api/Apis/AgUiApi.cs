using System.Text.Json;
using Everruns.Api.AgUi;
using Everruns.Api.Auth;
using Everruns.Api.Http;
using Everruns.Api.Streaming;
using Everruns.Data;
using Everruns.Data.Agents;
using Everruns.Data.Approvals;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Runners;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

/// <summary>
/// The AG-UI endpoint: a client posts a <c>RunAgentInput</c> and reads the run's events as <c>data:</c> frames. The
/// run is the same durable run as <c>POST /v1/runs</c>: it goes on if the client leaves.
/// </summary>
public static class AgUiApi
{
    public static IEndpointRouteBuilder MapAgUiApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/ag-ui", RunAgent).WithTags("AG-UI").WithName(nameof(RunAgent))
            .WithSummary("Run an agent with an AG-UI RunAgentInput; answers with the run's AG-UI events (text/event-stream)")
            .WithDescription("The agent is chosen by the agent_id query parameter or forwardedProps.agent_id. Messages already stored (same id) are not stored again; resume entries answer the interrupts of a run waiting for approval.")
            .Accepts<RunAgentInput>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> RunAgent(
        HttpContext context,
        AgentStore agents,
        ThreadStore threads,
        MessageStore messages,
        RunStore runs,
        IRunExecution execution,
        ToolApprovalStore approvals,
        RunEventStore events,
        RunEventFollower follower,
        KeyLimits limits,
        Guid? agent_id = null)
    {
        var cancellationToken = context.RequestAborted;
        if (!context.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        RunAgentInput input;
        try
        {
            // Read as the /v1 endpoints read their bodies: the charset is honoured, an unknown one is refused (415).
            input = await context.Request.ReadFromJsonAsync<RunAgentInput>(RunAgentInput.JsonOptions, cancellationToken)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            return Problems.Invalid(JsonBodyErrors.Describe(e, typeof(RunAgentInput), RunAgentInput.JsonOptions));
        }

        if (string.IsNullOrWhiteSpace(input.ThreadId) || string.IsNullOrWhiteSpace(input.RunId) || input.ThreadId.Length > 200 || input.RunId.Length > 200)
        {
            return Problems.Invalid("threadId", "threadId and runId must be 1 to 200 characters.");
        }

        var existingThread = Guid.TryParse(input.ThreadId, out var ourThreadId) ? await threads.GetAsync(ourThreadId, cancellationToken) : null;
        var agentId = agent_id ?? AgentIdFrom(input.ForwardedProps) ?? existingThread?.AgentId;
        if (agentId is null)
        {
            return Problems.Invalid("agent_id", "Name the agent: the agent_id query parameter, or forwardedProps.agent_id.");
        }

        var agent = await agents.GetAsync(agentId.Value, cancellationToken);
        if (agent is null)
        {
            return Problems.NotFound("Agent", agentId.Value);
        }

        if (agent.Status == AgentStatus.Archived)
        {
            return Problems.Conflict($"Agent {agent.Id} is archived and cannot start runs.");
        }

        // Everything that can refuse the request does so before anything is written: the messages are read before
        // the thread is made, and stored only once the run can start or resume.
        var imported = AgUiMessageReader.Read(existingThread?.Id ?? Guid.Empty, input.Messages, out var messageErrors);
        if (messageErrors.Count > 0)
        {
            return Problems.Invalid(messageErrors);
        }

        // Limits first: a refused request writes nothing.
        var (slot, refused) = limits.OpenStream(context.User, context);
        if (refused is not null)
        {
            return refused;
        }

        using var _ = slot;
        if (input.Resume is not { Count: > 0 } && await limits.CheckNewRunAsync(context.User, context, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        var thread = existingThread ?? await threads.GetOrCreateByExternalIdAsync(input.ThreadId, agent.Id, cancellationToken);
        Task StoreMessagesAsync() => messages.ImportAsync(thread.Id, [.. imported.Select(m => m with { ThreadId = thread.Id })], cancellationToken);

        var (run, problem) = input.Resume is { Count: > 0 }
            ? await ResumeAsync(input, thread, StoreMessagesAsync, runs, execution, approvals, events, cancellationToken)
            : await StartAsync(input, agent, thread, StoreMessagesAsync, runs, execution, context.User.KeyId(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using var follow = await follower.StartAsync(run!.Id, run.AfterSeq, cancellationToken)
            ?? throw new InvalidOperationException($"Run {run.Id} was started but cannot be found.");
        SseWriter.Start(context.Response);
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (var batch in follow.ReadAsync(cancellationToken))
            {
                await SseWriter.WriteAsync(context.Response, batch, withEventName: false, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left; the run goes on.
        }

        return TypedResults.Empty;
    }

    private static async Task<(FollowedRun?, ProblemHttpResult?)> StartAsync(
        RunAgentInput input, Agent agent, AgentThread thread, Func<Task> storeMessages, RunStore runs, IRunExecution execution, Guid? createdBy,
        CancellationToken cancellationToken)
    {
        var key = $"agui:{thread.Id}:{input.RunId}";

        // Only the newest run of a thread can be active: a busy thread is refused before the messages are stored.
        var newest = (await runs.ListAsync(new RunFilter(null, null, thread.Id), new PageRequest(1, 0), cancellationToken)).Data.FirstOrDefault();
        if (newest is { Status: RunStatus.Pending or RunStatus.Running or RunStatus.Waiting } && newest.IdempotencyKey != key)
        {
            return (null, ThreadBusy(input, newest.Id));
        }

        await storeMessages();
        var runInput = new RunInput
        {
            // A stored run input is read back with every tool field present.
            Tools = [.. (input.Tools ?? []).Select(t => new ClientTool(t.Name, t.Description ?? "", t.Parameters ?? EmptyParameters))],
            Context = [.. (input.Context ?? []).Select(c => new ClientContext(c.Description, c.Value))],
            State = input.State,
            ForwardedProps = input.ForwardedProps,
        };
        var creation = await execution.StartAsync(
            new NewRun(agent.Id, thread.Id, key, input.ThreadId, input.RunId, runInput, createdBy), cancellationToken);
        return creation switch
        {
            RunCreation.Created created => (new FollowedRun(created.Run.Id, 0), null),
            RunCreation.Replayed replayed => (new FollowedRun(replayed.Run.Id, 0), null),
            RunCreation.ThreadBusy busy => (null, ThreadBusy(input, busy.ActiveRunId)),
            _ => throw new InvalidOperationException($"Unexpected outcome {creation}."),
        };
    }

    private static ProblemHttpResult ThreadBusy(RunAgentInput input, Guid activeRunId) => Problems.Conflict(
        $"Thread {input.ThreadId} already has an active run, {activeRunId}.",
        new Dictionary<string, object?> { ["active_run_id"] = activeRunId });

    /// <summary>Answers the interrupts of the thread's waiting run; the run continues as the client's new run id.</summary>
    private static async Task<(FollowedRun?, ProblemHttpResult?)> ResumeAsync(
        RunAgentInput input,
        AgentThread thread,
        Func<Task> storeMessages,
        RunStore runs,
        IRunExecution execution,
        ToolApprovalStore approvals,
        RunEventStore events,
        CancellationToken cancellationToken)
    {
        var waiting = await runs.FindWaitingAsync(thread.Id, cancellationToken);
        if (waiting is null)
        {
            return (null, Problems.Conflict($"No run on thread {input.ThreadId} waits for an answer."));
        }

        var pending = (await approvals.ListAsync(waiting.Id, cancellationToken)).Where(a => a.Status == ApprovalStatus.Pending).ToList();
        var answered = input.Resume!.Select(entry => entry.InterruptId).ToHashSet(StringComparer.Ordinal);
        var missing = pending.Where(a => !answered.Contains(a.ToolCallId)).Select(a => a.ToolCallId).ToList();
        if (missing.Count > 0)
        {
            return (null, Problems.Invalid("resume", $"Answer every open interrupt; missing: {string.Join(", ", missing)}."));
        }

        await storeMessages();
        var afterSeq = await events.LastSeqAsync(waiting.Id, cancellationToken);
        await runs.SetExternalRunIdAsync(waiting.Id, input.RunId, cancellationToken);
        foreach (var entry in input.Resume!)
        {
            var (decision, arguments, reason) = ResumeDecision.From(entry);
            await approvals.AnswerAsync(waiting.Id, entry.InterruptId, decision, arguments, reason, cancellationToken);
        }

        await execution.ApprovalAnsweredAsync(waiting.Id, cancellationToken);

        return (new FollowedRun(waiting.Id, afterSeq), null);
    }

    private static Guid? AgentIdFrom(JsonElement? forwardedProps)
    {
        if (forwardedProps is not { ValueKind: JsonValueKind.Object } props)
        {
            return null;
        }

        foreach (var name in new[] { "agent_id", "agentId" })
        {
            if (props.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
            {
                return id;
            }
        }

        return null;
    }

    private static readonly JsonElement EmptyParameters = JsonSerializer.SerializeToElement(new { type = "object", properties = new { } });

    private sealed record FollowedRun(Guid Id, long AfterSeq);
}
