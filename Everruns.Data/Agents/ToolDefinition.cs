using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everruns.Data.Agents;

public enum ToolType
{
    Webhook,
    Builtin,

    /// <summary>A tool of an AG-UI client: the client runs it. Never part of a stored agent definition.</summary>
    Frontend,

    /// <summary>A Model Context Protocol server: its tools are offered to the model under this entry's name.</summary>
    Mcp,
}

public enum ToolPolicy
{
    Auto,
    RequiresApproval,
}

/// <summary>A tool an agent may call, in the original Everruns schema.</summary>
public sealed record ToolDefinition
{
    public ToolType Type { get; init; } = ToolType.Webhook;

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>JSON schema of the arguments.</summary>
    public JsonElement? Parameters { get; init; }

    public string? Url { get; init; }

    public string? Method { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public int? TimeoutSecs { get; init; }

    public int? MaxRetries { get; init; }

    public ToolPolicy Policy { get; init; } = ToolPolicy.Auto;

    /// <summary>Signs webhook requests. Write-only: never returned by the API.</summary>
    public string? Secret { get; init; }

    /// <summary>MCP: the server's tools the agent may use (its allow-list); null offers them all.</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>MCP over stdio: the program to start (only where the operator allows stdio servers).</summary>
    public string? Command { get; init; }

    /// <summary>MCP over stdio: the program's arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>MCP over stdio: environment variables of the program. Like MCP headers, the values are write-only.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>
    /// A tool of an MCP server as the model sees it: the name of the tool on the server. Set only on the definitions
    /// resolved for a run, never stored or sent.
    /// </summary>
    [JsonIgnore]
    public string? McpToolName { get; init; }

    /// <summary>Keeps the secret and the headers (which may carry credentials) out of logs and exception messages.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Type = {Type}, Name = {Name}, Url = {Url}, Policy = {Policy}");
        return true;
    }
}
