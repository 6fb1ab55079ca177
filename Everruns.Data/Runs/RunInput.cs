using System.Text.Json;
using Everruns.Data.Agents;

namespace Everruns.Data.Runs;

/// <summary>
/// What an AG-UI client sends along with a run. Its <see cref="Tools"/> are frontend tools: the model may call
/// them, and the client runs them and sends the results with its next request.
/// </summary>
public sealed record RunInput
{
    public IReadOnlyList<ClientTool> Tools { get; init; } = [];

    public IReadOnlyList<ClientContext> Context { get; init; } = [];

    public JsonElement? State { get; init; }

    public JsonElement? ForwardedProps { get; init; }
}

public sealed record ClientTool(string Name, string? Description, JsonElement? Parameters)
{
    public ToolDefinition ToDefinition() => new() { Type = ToolType.Frontend, Name = Name, Description = Description, Parameters = Parameters };
}

public sealed record ClientContext(string Description, string Value);
