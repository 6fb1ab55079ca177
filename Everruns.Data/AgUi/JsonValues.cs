using System.Text.Json;

namespace Everruns.Data.AgUi;

internal static class JsonValues
{
    /// <summary>
    /// An optional JSON value that holds JSON <c>null</c> is treated as absent, so that it is omitted
    /// on write: AG-UI optional fields are never <c>null</c>.
    /// </summary>
    public static JsonElement? PresentOrNull(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? value : null;
}
