using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Fields a service adds to its <c>/health</c> answer (for example its version and mode).</summary>
public sealed class HealthResponseOptions
{
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
}

internal static class HealthResponseWriter
{
    public static Task WriteAsync(Microsoft.AspNetCore.Http.HttpContext context, HealthReport report)
    {
        var options = context.RequestServices.GetService<IOptions<HealthResponseOptions>>()?.Value;

        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["status"] = report.Status.ToString().ToLowerInvariant(),
        };
        foreach (var (name, value) in options?.Fields ?? [])
        {
            body[name] = value;
        }
        body["checks"] = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Status.ToString().ToLowerInvariant());

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
