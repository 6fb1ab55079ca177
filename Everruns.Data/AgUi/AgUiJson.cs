using System.Collections.Frozen;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everruns.Data.AgUi;

/// <summary>
/// The AG-UI wire format: camelCase fields, the <c>type</c> discriminator first, optional fields omitted
/// (never <c>null</c>), unknown fields ignored on read (receivers tolerate what a newer producer adds).
/// </summary>
/// <remarks>
/// Persistence convention: the stored payload of an event (<c>run_events.payload</c>) is the whole event
/// JSON, <c>type</c> included, exactly what <see cref="ToPayload"/> returns; the <c>type</c> column repeats
/// the discriminator for queries and SSE <c>event:</c> lines. An SSE <c>data:</c> line is the payload as is.
/// jsonb does not keep key order, so reading tolerates a <c>type</c> that is not the first property.
/// </remarks>
public static class AgUiJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The event types this model can read, taken from the discriminators declared on <see cref="AgUiEvent"/>.</summary>
    public static IReadOnlySet<string> KnownTypes { get; } = typeof(AgUiEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(attribute => (string)attribute.TypeDiscriminator!)
        .ToFrozenSet(StringComparer.Ordinal);

    public static string Serialize(AgUiEvent @event) => JsonSerializer.Serialize(@event, Options);

    /// <summary>Reads one event; throws <see cref="JsonException"/> for malformed JSON or an unknown or missing type.</summary>
    public static AgUiEvent Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>The payload to store for an event: its whole JSON, discriminator included.</summary>
    public static JsonElement ToPayload(AgUiEvent @event) => JsonSerializer.SerializeToElement(@event, Options);

    /// <summary>Reads a stored event back; the stored type column must agree with the payload's own type.</summary>
    public static AgUiEvent FromStored(string type, JsonElement payload)
    {
        var @event = Read(payload);
        return @event.Type == type
            ? @event
            : throw new JsonException($"The stored event type '{type}' does not match its payload's type '{@event.Type}'.");
    }

    private static AgUiEvent Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new JsonException($"An AG-UI event is a JSON object, not {element.ValueKind}.");
        if (!element.TryGetProperty("type", out var typeProperty) || typeProperty.ValueKind != JsonValueKind.String)
            throw new JsonException("An AG-UI event needs a string 'type' property.");

        var type = typeProperty.GetString()!;
        if (!KnownTypes.Contains(type))
            throw new JsonException($"Unknown AG-UI event type '{type}'.");

        try
        {
            return element.Deserialize<AgUiEvent>(Options)
                ?? throw new JsonException("An AG-UI event must not be null.");
        }
        catch (ArgumentException invalid)
        {
            // The events' own invariants (e.g. a non-empty text delta) surface as JSON errors to readers.
            throw new JsonException($"Invalid {type} event: {invalid.Message}", invalid);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            AllowOutOfOrderMetadataProperties = true,
            NumberHandling = JsonNumberHandling.Strict,
            // The output is JSON for SSE frames and jsonb, never embedded in HTML: keep non-ASCII text as
            // is instead of six-byte escapes for every character of a non-Latin token delta.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
