using System.Collections.Concurrent;
using System.Text.Json;
using Everruns.Data.Agents;
using Microsoft.Extensions.Logging;

namespace Everruns.Worker.Tools;

/// <summary>
/// Lists the tools of agents' MCP server entries. A listing is kept for <see cref="ToolsOptions.McpToolsCache"/> per
/// agent version (its id and when it last changed) and entry, so the steps of a run, and the runs that follow it,
/// do not list again; a failed listing is kept a few seconds only.
/// </summary>
public sealed class McpToolCatalog(McpConnector connector, ToolsOptions options, TimeProvider time, ILogger<McpToolCatalog> logger)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FailureKept = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(Guid Agent, DateTimeOffset Version, string Entry), (McpServerTools Listing, DateTimeOffset Until)> _cache = new();

    /// <param name="refresh">List again even when a listing is kept.</param>
    public async Task<McpServerTools> ListAsync(Agent agent, ToolDefinition server, bool refresh, CancellationToken cancellationToken)
    {
        var key = (agent.Id, agent.UpdatedAt, server.Name);
        var now = time.GetUtcNow();
        if (!refresh && _cache.TryGetValue(key, out var kept) && kept.Until > now)
        {
            return kept.Listing;
        }

        var listing = await ListNowAsync(server, cancellationToken);
        var keepFor = listing.Error is null ? options.McpToolsCache : TimeSpan.FromTicks(Math.Min(FailureKept.Ticks, options.McpToolsCache.Ticks));
        _cache[key] = (listing, now + keepFor);
        ForgetExpired(now);
        return listing;
    }

    public static TimeSpan TimeoutOf(ToolDefinition server) => server.TimeoutSecs is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;

    private async Task<McpServerTools> ListNowAsync(ToolDefinition server, CancellationToken cancellationToken)
    {
        var timeout = TimeoutOf(server);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var client = await connector.ConnectAsync(server, timeout, deadline.Token);
            var listed = await client.ListToolsAsync(cancellationToken: deadline.Token);
            return Offered(server, [.. listed.Select(tool => tool.ProtocolTool)]);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = McpFailures.Describe(server.Name, exception, timeout);
            logger.LogWarning("The tools of MCP server {Server} could not be listed: {Error}", server.Name, error);
            return new McpServerTools(server, [], error);
        }
    }

    /// <summary>The server's tools the entry allows, as the model is to see them.</summary>
    private static McpServerTools Offered(ToolDefinition server, IReadOnlyList<ModelContextProtocol.Protocol.Tool> listed)
    {
        var allowed = server.Tools is { Count: > 0 } allowList ? allowList.ToHashSet(StringComparer.Ordinal) : null;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var tools = listed
            .Where(tool => allowed is null || allowed.Contains(tool.Name))
            .Select(tool => server with
            {
                Name = McpToolNames.Expose(server.Name, tool.Name, taken),
                Description = tool.Description ?? tool.Title ?? $"The tool {tool.Name} of the MCP server {server.Name}.",
                Parameters = ObjectSchema(tool.InputSchema),
                Tools = null,
                McpToolName = tool.Name,
            })
            .ToList();
        var missing = allowed?.Where(name => listed.All(tool => tool.Name != name)).Order(StringComparer.Ordinal).ToList() ?? [];
        return new McpServerTools(server, tools, null) { Missing = missing };
    }

    private static JsonElement ObjectSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object ? schema.Clone() : JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.Until <= now)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }
}
