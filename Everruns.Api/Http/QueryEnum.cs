using Everruns.Data.Json;

namespace Everruns.Api.Http;

/// <summary>Reads an enum from a query string by its snake_case name, as the JSON bodies spell it.</summary>
public static class QueryEnum
{
    /// <param name="alsoAllowed">Values the caller handles itself, named in the error.</param>
    public static bool TryParse<TEnum>(
        string? value, string field, out TEnum? result, out Dictionary<string, string[]> errors, params string[] alsoAllowed)
        where TEnum : struct, Enum
    {
        errors = [];
        result = null;
        if (value is null)
        {
            return true;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(candidate.ToString()) == value)
            {
                result = candidate;
                return true;
            }
        }

        var allowed = Enum.GetValues<TEnum>().Select(v => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())).Concat(alsoAllowed);
        errors[field] = [$"{field} must be one of {string.Join(", ", allowed)}."];
        return false;
    }
}
