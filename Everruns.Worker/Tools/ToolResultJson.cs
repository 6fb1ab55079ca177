using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everruns.Worker.Tools;

/// <summary>
/// How tools write their JSON results: snake_case, no nulls, and no needless escapes. A result is text for a model
/// and a person, not HTML, so <c>+</c>, <c>&lt;</c> or <c>é</c> stay as they are (the default encoder writes
/// <c>\u002B</c>).
/// </summary>
public static class ToolResultJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
