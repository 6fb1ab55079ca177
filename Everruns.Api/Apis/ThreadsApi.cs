using System.Text.Json;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Agents;
using Everruns.Data.Threads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Everruns.Api.Apis;

public static class ThreadsApi
{
    public const int MaxTitleLength = 500;
    public const int MaxMessageLength = 200_000;

    public static RouteGroupBuilder MapThreadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/threads").WithTags("Threads");

        api.MapPost("/", CreateThread).WithName(nameof(CreateThread))
            .WithSummary("Start a thread")
            .WithDescription("A thread for an archived agent is refused with 409, as a run of it would be.");
        api.MapGet("/", ListThreads).WithName(nameof(ListThreads)).WithSummary("List threads, newest first");
        api.MapGet("/{id}", GetThread).WithName(nameof(GetThread)).WithSummary("Get a thread with its messages");
        api.MapPost("/{id}/messages", AddMessage).WithName(nameof(AddMessage)).WithSummary("Add a message to a thread");
        api.MapGet("/{id}/messages", ListMessages).WithName(nameof(ListMessages)).WithSummary("List a thread's messages, oldest first");

        return api;
    }

    public static async Task<Results<Created<ThreadResponse>, ProblemHttpResult>> CreateThread(
        CreateThreadRequest request, ThreadStore threads, AgentStore agents, CancellationToken cancellationToken)
    {
        if (request.Title is { Length: > MaxTitleLength })
        {
            return Problems.Invalid("title", $"title must be at most {MaxTitleLength} characters.");
        }

        if (request.Metadata is { ValueKind: not JsonValueKind.Object })
        {
            return Problems.Invalid("metadata", "metadata must be a JSON object.");
        }

        if (request.AgentId is { } agentId)
        {
            var agent = await agents.GetAsync(agentId, cancellationToken);
            if (agent is null)
            {
                return Problems.NotFound("Agent", agentId);
            }

            if (agent.Status == AgentStatus.Archived)
            {
                return Problems.ArchivedAgent(agentId);
            }
        }

        var thread = await threads.CreateAsync(new NewThread(request.AgentId, request.Title, request.Metadata), cancellationToken);
        return TypedResults.Created($"/v1/threads/{thread.Id}", ThreadResponse.From(thread));
    }

    public static async Task<Results<Ok<ListResponse<ThreadResponse>>, ProblemHttpResult>> ListThreads(
        ThreadStore threads,
        CancellationToken cancellationToken,
        [FromQuery(Name = "agent_id")] Guid? agentId = null,
        int? limit = null,
        int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors))
        {
            return Problems.Invalid(errors);
        }

        var result = await threads.ListAsync(agentId, page, cancellationToken);
        return TypedResults.Ok(ListResponse<ThreadResponse>.From(result, t => ThreadResponse.From(t)));
    }

    public static async Task<Results<Ok<ThreadResponse>, ProblemHttpResult>> GetThread(
        Guid id, ThreadStore threads, MessageStore messages, CancellationToken cancellationToken)
    {
        var thread = await threads.GetAsync(id, cancellationToken);
        if (thread is null)
        {
            return Problems.NotFound("Thread", id);
        }

        return TypedResults.Ok(ThreadResponse.From(thread, await messages.ListAllAsync(id, cancellationToken)));
    }

    public static async Task<Results<Created<MessageResponse>, ProblemHttpResult>> AddMessage(
        Guid id, CreateMessageRequest request, ThreadStore threads, MessageStore messages, CancellationToken cancellationToken)
    {
        if (request.Role == MessageRole.Tool)
        {
            return Problems.Invalid("role", "role must be user, system or assistant; tool messages are written by runs.");
        }

        if (string.IsNullOrWhiteSpace(request.Content) || request.Content.Length > MaxMessageLength)
        {
            return Problems.Invalid("content", $"content must be 1 to {MaxMessageLength} characters and not blank.");
        }

        if (await threads.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Thread", id);
        }

        var message = await messages.AddAsync(new NewMessage(id, request.Role, request.Content), cancellationToken);
        return TypedResults.Created($"/v1/threads/{id}/messages/{message.Id}", MessageResponse.From(message));
    }

    public static async Task<Results<Ok<ListResponse<MessageResponse>>, ProblemHttpResult>> ListMessages(
        Guid id, ThreadStore threads, MessageStore messages, CancellationToken cancellationToken, int? limit = null, int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors))
        {
            return Problems.Invalid(errors);
        }

        if (await threads.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Thread", id);
        }

        var result = await messages.ListAsync(id, page, cancellationToken);
        return TypedResults.Ok(ListResponse<MessageResponse>.From(result, MessageResponse.From));
    }
}
