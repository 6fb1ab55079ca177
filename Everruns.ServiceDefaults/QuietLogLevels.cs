using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Log levels that keep a service quiet at Information: one line per meaningful event, never one per SQL statement,
/// outgoing HTTP request or poll. They are the lowest-priority configuration, so appsettings, the environment
/// (<c>Logging__LogLevel__Npgsql=Information</c>) or the command line still choose otherwise.
/// </summary>
public static class QuietLogLevels
{
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        // Npgsql logs every command it executes at Information.
        ["Logging:LogLevel:Npgsql"] = "Warning",

        // IHttpClientFactory logs four lines per request (webhooks, model providers, the UI's health checks).
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static TBuilder AddQuietLogLevels<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return builder;
    }
}
