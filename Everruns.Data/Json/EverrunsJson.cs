using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everruns.Data.Json;

/// <summary>The JSON conventions of the public API and of jsonb columns: snake_case, enums as strings, no nulls.</summary>
public static class EverrunsJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>For jsonb columns: the same conventions, but tolerant of fields an older or newer version wrote.</summary>
    public static JsonSerializerOptions Storage { get; } = new(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Storage);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Storage) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
