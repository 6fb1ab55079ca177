using System.Text.Json;

namespace Everruns.Data.AgUi;

/// <summary>Something a run needs from outside before it can continue, such as a tool approval.</summary>
public sealed record AgUiInterrupt(string Id, string Reason)
{
    /// <summary>A human-readable prompt for whoever answers.</summary>
    public string? Message { get; init; }

    /// <summary>The tool call this interrupt concerns, when it is a tool approval.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>A JSON Schema object describing the expected answer.</summary>
    public JsonElement? ResponseSchema { get; init => field = JsonValues.PresentOrNull(value); }

    /// <summary>When the interrupt stops being answerable, conventionally ISO 8601.</summary>
    public string? ExpiresAt { get; init; }

    public JsonElement? Metadata { get; init => field = JsonValues.PresentOrNull(value); }
}
