using System.Text.Json;
using Everruns.Data.Json;

namespace Everruns.Data.Database;

/// <summary>How enums and timestamps are written to and read from the database.</summary>
internal static class DbValues
{
    public static string ToDb<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum ParseEnum<TEnum>(string value) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(value.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    public static DateTimeOffset ToOffset(this DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? ToOffset(this DateTime? value) => value?.ToOffset();

    public static JsonElement? ParseJsonOrNull(string? json) =>
        json is null ? null : EverrunsJson.ParseElement(json);
}
