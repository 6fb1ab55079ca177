using System.Text.Json;

namespace Everruns.Data.AgUi;

/// <summary>CUSTOM: an application-defined event, routed by <see cref="Name"/>.</summary>
public sealed record CustomEvent(string Name, JsonElement Value) : AgUiEvent(AgUiEventTypes.Custom);

/// <summary>RAW: a provider-native event passed through untranslated.</summary>
public sealed record RawEvent(JsonElement Event) : AgUiEvent(AgUiEventTypes.Raw)
{
    /// <summary>Which provider or framework the event came from.</summary>
    public string? Source { get; init; }
}
