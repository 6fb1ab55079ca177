using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Everruns.Worker.Tools;

/// <summary>Settings for tools, read from the <c>Tools</c> configuration section.</summary>
public sealed record ToolsOptions
{
    public const string Section = "Tools";

    /// <summary>
    /// <c>Tools:AllowPrivateNetworks</c>: lets webhook tools and <c>http_fetch</c> reach loopback, link-local,
    /// private, unspecified and multicast addresses. Off by default, so an agent definition cannot reach
    /// services inside the deployment's network.
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>
    /// <c>Tools:AllowStdioMcp</c>: lets agents name local MCP servers (<c>command</c>, <c>args</c>, <c>env</c>), which
    /// Everruns starts as programs on its own machine. Off by default: an agent definition could otherwise run any
    /// program there.
    /// </summary>
    public bool AllowStdioMcp { get; init; }

    /// <summary><c>Tools:McpToolsCacheSeconds</c>: how long the tools an MCP server listed are reused for the same agent version.</summary>
    public TimeSpan McpToolsCache { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>Tools:RetryBaseDelayMs</c>: first backoff delay of a webhook retry; later ones double, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Tools:RetryMaxDelayMs</c>: the longest wait between webhook attempts, also for a longer Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads and validates the settings; throws <see cref="InvalidOperationException"/> on an invalid value.</summary>
    public static ToolsOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new ToolsOptions();
        return new ToolsOptions
        {
            AllowPrivateNetworks = ReadBool(section, nameof(AllowPrivateNetworks)),
            AllowStdioMcp = ReadBool(section, nameof(AllowStdioMcp)),
            McpToolsCache = ReadMilliseconds(section, "McpToolsCacheSeconds", defaults.McpToolsCache, max: 86_400, unit: 1000),
            RetryBaseDelay = ReadMilliseconds(section, "RetryBaseDelayMs", defaults.RetryBaseDelay, max: 60_000),
            RetryMaxDelay = ReadMilliseconds(section, "RetryMaxDelayMs", defaults.RetryMaxDelay, max: 3_600_000),
        };
    }

    private static bool ReadBool(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        return bool.TryParse(value.Trim(), out var flag)
            ? flag
            : throw new InvalidOperationException($"{Section}:{key} is '{value}'; it must be true or false.");
    }

    /// <param name="unit">Milliseconds per unit of the setting: 1 for a setting in milliseconds, 1000 for one in seconds.</param>
    private static TimeSpan ReadMilliseconds(IConfigurationSection section, string key, TimeSpan fallback, int max, int unit = 1)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var units = unit == 1 ? "milliseconds" : "seconds";
        return int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount) && amount >= 0 && amount <= max
            ? TimeSpan.FromMilliseconds((long)amount * unit)
            : throw new InvalidOperationException($"{Section}:{key} is '{value}'; it must be a whole number of {units} from 0 to {max}.");
    }
}
