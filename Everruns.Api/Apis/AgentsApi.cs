using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Agents;
using Everruns.Worker.Models;
using Everruns.Worker.Tools;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/agents").WithTags("Agents");

        api.MapPost("/", CreateAgent).WithName(nameof(CreateAgent)).WithSummary("Create an agent");
        api.MapGet("/", ListAgents).WithName(nameof(ListAgents))
            .WithSummary("List agents, newest first")
            .WithDescription("status is active, archived or all (the default: agents of every status).");
        api.MapGet("/{id}", GetAgent).WithName(nameof(GetAgent)).WithSummary("Get an agent");
        api.MapPatch("/{id}", UpdateAgent).WithName(nameof(UpdateAgent)).WithSummary("Change an agent");
        api.MapGet("/{id}/tools", GetAgentTools).WithName(nameof(GetAgentTools))
            .WithSummary("The tools the agent's model is offered, resolved")
            .WithDescription("Each MCP server entry is replaced by the tools the server lists now (named <entry>__<tool>, with their JSON schemas), and mcp_servers says how each server answered. Listings are kept for a short while per agent version; refresh=true lists again.");
        api.MapDelete("/{id}", ArchiveAgent).WithName(nameof(ArchiveAgent))
            .WithSummary("Archive an agent")
            .WithDescription("An archived agent stays readable but cannot start runs.");

        return api;
    }

    public static async Task<Results<Created<AgentResponse>, ProblemHttpResult>> CreateAgent(
        CreateAgentRequest request, AgentStore agents, ModelCatalog models, ToolsOptions tools, CancellationToken cancellationToken)
    {
        var errors = AgentValidation.Validate(request.Name, request.Description, request.DefaultModelId, request.Definition, models, tools.AllowStdioMcp);
        foreach (var (field, messages) in WriteOnlyValues.Unresolved(request.Definition))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var agent = await agents.CreateAsync(
            new NewAgent(request.Name.Trim(), request.Description, request.DefaultModelId ?? models.DefaultModelId.ToString(), AgentValidation.WithToolDefaults(request.Definition) ?? new AgentDefinition()),
            cancellationToken);
        return TypedResults.Created($"/v1/agents/{agent.Id}", AgentResponse.From(agent));
    }

    /// <summary>The <c>status</c> filter that lists agents of every status, as leaving it out does.</summary>
    public const string AllStatuses = "all";

    public static async Task<Results<Ok<ListResponse<AgentResponse>>, ProblemHttpResult>> ListAgents(
        AgentStore agents, CancellationToken cancellationToken, string? status = null, int? limit = null, int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors)
            || !QueryEnum.TryParse<AgentStatus>(status == AllStatuses ? null : status, "status", out var statusFilter, out errors, AllStatuses))
        {
            return Problems.Invalid(errors);
        }

        var result = await agents.ListAsync(statusFilter, page, cancellationToken);
        return TypedResults.Ok(ListResponse<AgentResponse>.From(result, AgentResponse.From));
    }

    public static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAgent(
        Guid id, AgentStore agents, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(id, cancellationToken);
        return agent is null ? Problems.NotFound("Agent", id) : TypedResults.Ok(AgentResponse.From(agent));
    }

    public static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> UpdateAgent(
        Guid id, UpdateAgentRequest request, AgentStore agents, ModelCatalog models, ToolsOptions tools, CancellationToken cancellationToken)
    {
        var errors = AgentValidation.Validate(request.Name, request.Description, request.DefaultModelId, request.Definition, models, tools.AllowStdioMcp);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var definition = AgentValidation.WithToolDefaults(request.Definition);
        if (definition is not null)
        {
            // Credentials are never sent back, so a definition edited by a client lacks them: keep the stored ones.
            var existing = await agents.GetAsync(id, cancellationToken);
            if (existing is null)
            {
                return Problems.NotFound("Agent", id);
            }

            definition = definition with { Tools = [.. definition.Tools.Select(tool => WriteOnlyValues.Keep(tool, existing.Definition))] };
            if (WriteOnlyValues.Unresolved(definition) is { Count: > 0 } unresolved)
            {
                return Problems.Invalid(unresolved);
            }
        }

        var changes = new AgentChanges(request.Name?.Trim(), request.Description, request.DefaultModelId, definition, request.Status);
        var agent = await agents.UpdateAsync(id, changes, cancellationToken);
        return agent is null ? Problems.NotFound("Agent", id) : TypedResults.Ok(AgentResponse.From(agent));
    }

    public static async Task<Results<Ok<AgentToolsResponse>, ProblemHttpResult>> GetAgentTools(
        Guid id, AgentStore agents, AgentToolResolver resolver, CancellationToken cancellationToken, bool refresh = false)
    {
        var agent = await agents.GetAsync(id, cancellationToken);
        return agent is null
            ? Problems.NotFound("Agent", id)
            : TypedResults.Ok(AgentToolsResponse.From(await resolver.ResolveAsync(agent, refresh, cancellationToken)));
    }

    public static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> ArchiveAgent(
        Guid id, AgentStore agents, CancellationToken cancellationToken)
    {
        var agent = await agents.ArchiveAsync(id, cancellationToken);
        return agent is null ? Problems.NotFound("Agent", id) : TypedResults.Ok(AgentResponse.From(agent));
    }
}
