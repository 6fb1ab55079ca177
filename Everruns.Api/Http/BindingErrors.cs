using System.Text.Json;
using System.Text.RegularExpressions;

namespace Everruns.Api.Http;

/// <summary>
/// Says which route, query or body value could not be read, by its API name. ASP.NET Core's binding messages name
/// the handler's .NET parameter and its type (<c>Failed to bind parameter "Guid id"</c>); these do not.
/// </summary>
public static partial class BindingErrors
{
    public static Dictionary<string, string[]> Describe(BadHttpRequestException bad)
    {
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            var field = Name(failed);
            return new() { [field] = [$"{field} must be {Expected(failed.Groups["type"].Value)}; '{failed.Groups["value"].Value}' is not."] };
        }

        if (NotProvided().Match(bad.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? new() { [JsonBodyErrors.BodyKey] = ["A JSON request body is required."] }
                : new() { [Name(missing)] = [$"{Name(missing)} is required."] };
        }

        return new() { [JsonBodyErrors.BodyKey] = [Parameter().Replace(bad.Message, match => $"'{Name(match)}'")] };
    }

    private static string Name(Match match) => JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value);

    private static string Expected(string typeName) => typeName.TrimEnd('?') switch
    {
        "Guid" => "a UUID",
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>\w+)" was not provided from (?<source>[^.]+)\.$""")]
    private static partial Regex NotProvided();

    [GeneratedRegex("parameter \"(?<type>[^ \"]+) (?<name>\\w+)\"")]
    private static partial Regex Parameter();
}
