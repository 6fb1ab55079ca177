using System.Text.Json;

namespace Everruns.Data.Agents;

public enum ToolType
{
    Webhook,
    Builtin,

    /// <summary>A tool of an AG-UI client: the client runs it. Never part of a stored agent definition.</summary>
    Frontend,
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

    /// <summary>Keeps the secret and the headers (which may carry credentials) out of logs and exception messages.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Type = {Type}, Name = {Name}, Url = {Url}, Policy = {Policy}");
        return true;
    }
}
