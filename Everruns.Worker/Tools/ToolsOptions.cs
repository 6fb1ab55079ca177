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

    private static TimeSpan ReadMilliseconds(IConfigurationSection section, string key, TimeSpan fallback, int max)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && ms <= max
            ? TimeSpan.FromMilliseconds(ms)
            : throw new InvalidOperationException($"{Section}:{key} is '{value}'; it must be a whole number of milliseconds from 0 to {max}.");
    }
}
