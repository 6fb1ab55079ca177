using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Everruns.Api.Http;

/// <summary>
/// Says what is wrong with a JSON request body in the API's own terms: the field (its path in the body, as
/// <c>definition.tools[0].name</c>), and what it should be. System.Text.Json's messages name .NET types and
/// members; these never do. An unknown field gets the closest known one as a suggestion, and the known ones.
/// </summary>
public static partial class JsonBodyErrors
{
    /// <summary>The key of problems with the body as a whole.</summary>
    public const string BodyKey = "body";

    /// <param name="json">What the serializer threw.</param>
    /// <param name="bodyType">The type the endpoint reads its body as, when known.</param>
    public static Dictionary<string, string[]> Describe(JsonException json, Type? bodyType, JsonSerializerOptions options)
    {
        if (json.InnerException is JsonException)
        {
            // The reader's own error: the text is not JSON, wherever in the body that shows.
            var at = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
            return One(BodyKey, $"The request body is not valid JSON: {PositionSuffix().Replace(json.InnerException.Message, "")}{at}");
        }

        var path = JsonPath.Parse(json.Path);
        var field = path.Count == 0 ? BodyKey : JsonPath.Format(path);
        var (parent, leaf) = Walk(bodyType, path, options);

        if (parent is not null && path.Count > 0 && path[^1] is string name && leaf is null && IsUnmappedMember(json))
        {
            return One(field, UnknownField(name, path, parent, options));
        }

        if (MissingRequired().Match(json.Message) is { Success: true } missing)
        {
            var prefix = path.Count == 0 ? "" : field + ".";
            var names = QuotedName().Matches(missing.Groups["names"].Value).Select(m => m.Groups[1].Value);
            return names.ToDictionary(n => prefix + n, n => new[] { $"{prefix}{n} is required." });
        }

        if (json.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return One(field, $"{field} is given more than once.");
        }

        if (json.Message.Contains("doesn't allow null values", StringComparison.Ordinal)
            || json.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal))
        {
            return One(field, $"{field} must not be null.");
        }

        if (json.Message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            return One(field, leaf is null ? $"{field} has the wrong type." : $"{field} must be {Expected(leaf, options)}.");
        }

        // The API's own rules name no types: keep their message, without the position. Anything else is said plainly.
        var message = PositionSuffix().Replace(json.Message, "");
        return One(field, TypeMention().IsMatch(message) ? $"{field} is not valid here." : message);
    }

    /// <summary>What a value of the type looks like in JSON.</summary>
    public static string Expected(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            var names = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, options).Trim('"'));
            return "one of " + string.Join(", ", names);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time (ISO 8601)",
            _ when type == typeof(Guid) => "a UUID",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Dictionary => "an object",
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable => "an array",
            _ => "an object",
        };
    }

    private static string UnknownField(string name, IReadOnlyList<object> path, JsonTypeInfo parent, JsonSerializerOptions options)
    {
        var prefix = path.Count > 1 ? JsonPath.Format(path.Take(path.Count - 1).ToList()) + "." : "";
        var known = parent.Properties.Select(p => p.Name).ToList();
        var message = $"{prefix}{name} is not a field here.";
        if (FieldSuggestions.Closest(name, Candidates(parent, options)) is { } suggestion)
        {
            message += $" Did you mean {prefix}{suggestion}?";
        }

        return known.Count == 0 ? message : $"{message} Known fields: {string.Join(", ", known)}.";
    }

    /// <summary>The fields of the object and of the objects it holds, as <c>definition.system_prompt</c>.</summary>
    private static IEnumerable<string> Candidates(JsonTypeInfo parent, JsonSerializerOptions options)
    {
        foreach (var property in parent.Properties)
        {
            yield return property.Name;
        }

        foreach (var property in parent.Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!type.IsPrimitive && type != typeof(string) && type != typeof(JsonElement) && options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } inner)
            {
                foreach (var nested in inner.Properties)
                {
                    yield return $"{property.Name}.{nested.Name}";
                }
            }
        }
    }

    /// <summary>Follows the path through the body's type: the object holding the last step, and the type at it (null when unknown).</summary>
    private static (JsonTypeInfo? Parent, Type? Leaf) Walk(Type? bodyType, IReadOnlyList<object> path, JsonSerializerOptions options)
    {
        if (bodyType is null)
        {
            return (null, null);
        }

        JsonTypeInfo? parent = null;
        Type? current = bodyType;
        foreach (var step in path)
        {
            if (current is null)
            {
                return (null, null);
            }

            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(current) ?? current);
            (parent, current) = step switch
            {
                string name when info.Kind == JsonTypeInfoKind.Object => (info, info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType),
                string when info.Kind == JsonTypeInfoKind.Dictionary => (null, info.ElementType),
                int when info.Kind == JsonTypeInfoKind.Enumerable => (null, info.ElementType),
                _ => (null, null),
            };
        }

        return (parent, current);
    }

    private static bool IsUnmappedMember(JsonException json) =>
        json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };

    [GeneratedRegex(@"missing required properties including: (?<names>.*)\.$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"type '|\.NET|\b(System|Everruns|Microsoft)\.")]
    private static partial Regex TypeMention();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"\s*(Path: .*|LineNumber: .*)$")]
    private static partial Regex PositionSuffix();

    /// <summary>System.Text.Json's paths (<c>$.a.b[0]['c d']</c>) as steps: property names and array indexes.</summary>
    private static partial class JsonPath
    {
        public static List<object> Parse(string? path)
        {
            var steps = new List<object>();
            foreach (Match match in Step().Matches(path ?? ""))
            {
                steps.Add(match.Groups["index"].Success
                    ? int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)
                    : match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["name"].Value);
            }

            return steps;
        }

        public static string Format(IReadOnlyList<object> steps)
        {
            var text = new System.Text.StringBuilder();
            foreach (var step in steps)
            {
                _ = step is int index ? text.Append('[').Append(index).Append(']') : text.Append(text.Length == 0 ? "" : ".").Append(step);
            }

            return text.ToString();
        }

        [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
        private static partial Regex Step();
    }
}
