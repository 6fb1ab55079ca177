using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Everruns.Api.Http;

/// <summary>
/// What System.Text.Json lets through but the API cannot keep: NUL characters (PostgreSQL text and jsonb refuse
/// them), JSON values holding invalid UTF-8 or unpaired surrogates, and null items in lists (nullable annotations
/// do not reach list items). A body breaking one of these is refused as invalid JSON, before anything is written.
/// </summary>
public static class RequestJsonRules
{
    /// <summary>A <see cref="IJsonTypeInfoResolver"/> modifier: checks each object once it is read.</summary>
    public static void Apply(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Properties.Count == 0)
        {
            return;
        }

        var properties = typeInfo.Properties.Where(p => p.Get is not null).ToList();
        var earlier = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            foreach (var property in properties)
            {
                if (Violation(property.Get!(value)) is { } violation)
                {
                    throw new JsonException($"'{property.Name}' {violation}.");
                }
            }

            earlier?.Invoke(value);
        };
    }

    private static string? Violation(object? value) => value switch
    {
        string text => TextViolation(text),
        JsonElement element => ElementViolation(element),
        IEnumerable<KeyValuePair<string, string>> pairs => pairs.Select(p => TextViolation(p.Key) ?? TextViolation(p.Value)).FirstOrDefault(v => v is not null),
        IEnumerable<JsonElement> elements => elements.Select(ElementViolation).FirstOrDefault(v => v is not null),
        IEnumerable items => items.Cast<object?>()
            .Select(item => item is null ? "must not contain null items" : TextViolation(item as string))
            .FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static string? TextViolation(string? text) => text?.Contains('\0') == true ? "must not contain NUL characters" : null;

    private static string? ElementViolation(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => TextViolation(element.GetString()),
                JsonValueKind.Array => element.EnumerateArray().Select(ElementViolation).FirstOrDefault(v => v is not null),
                JsonValueKind.Object => element.EnumerateObject()
                    .Select(p => TextViolation(p.Name) ?? ElementViolation(p.Value))
                    .FirstOrDefault(v => v is not null),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            // GetString and Name refuse invalid UTF-8 and unpaired surrogates.
            return "must be valid Unicode text";
        }
    }
}
