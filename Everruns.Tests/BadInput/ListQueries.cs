namespace Everruns.Tests.BadInput;

/// <summary>Query strings for an endpoint: every parameter with every bad value, parameters given twice, all bad at once.</summary>
public static class ListQueries
{
    public static IEnumerable<BadRequest> Of(string endpoint, string path, IReadOnlyList<string> parameters)
    {
        var values = UrlValues.BadQueryValues().ToList();
        foreach (var parameter in parameters)
        {
            foreach (var (name, value) in values)
            {
                yield return new(endpoint, $"{parameter} {name}", HttpMethod.Get, $"{path}?{parameter}={value}");
            }

            yield return new(endpoint, $"{parameter} twice", HttpMethod.Get, $"{path}?{parameter}=1&{parameter}=2");
            yield return new(endpoint, $"{parameter} without a value", HttpMethod.Get, $"{path}?{parameter}");
            yield return new(endpoint, $"{parameter} in capitals", HttpMethod.Get, $"{path}?{parameter.ToUpperInvariant()}=-5");
        }

        foreach (var (name, value) in values)
        {
            var all = string.Join("&", parameters.Select(parameter => $"{parameter}={value}"));
            yield return new(endpoint, $"every parameter {name}", HttpMethod.Get, $"{path}?{all}");
        }

        yield return new(endpoint, "unknown parameter", HttpMethod.Get, $"{path}?colour=blue");
        yield return new(endpoint, "malformed query", HttpMethod.Get, $"{path}?&&==&%&");
    }
}
