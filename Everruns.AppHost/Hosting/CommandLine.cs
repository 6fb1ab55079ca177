namespace Everruns.AppHost.Hosting;

/// <summary>
/// The AppHost's command line as configuration keys: <c>--api-port 9100</c> (or <c>--api-port=9100</c>) becomes
/// <c>Api:Port</c>, a flag such as <c>--no-ui</c> becomes <c>Ui:Enabled=false</c>. Anything else is refused,
/// so that a typo does not start the stack with defaults.
/// </summary>
internal static class CommandLine
{
    public static readonly IReadOnlyDictionary<string, string> Options = new Dictionary<string, string>
    {
        ["--api-port"] = "Api:Port",
        ["--ui-port"] = "Ui:Port",
        ["--worker-port"] = "Worker:Port",
        ["--postgres-port"] = "Postgres:Port",
        ["--temporal-port"] = "Temporal:Port",
        ["--temporal-ui-port"] = "Temporal:UiPort",
        ["--temporal-address"] = "Temporal:Address",
        ["--mode"] = "AgentRunner:Mode",
        ["--otlp-endpoint"] = "OTEL_EXPORTER_OTLP_ENDPOINT",
    };

    public static readonly IReadOnlyDictionary<string, (string Key, string Value)> Flags = new Dictionary<string, (string, string)>
    {
        ["--no-ui"] = ("Ui:Enabled", "false"),
        ["--no-dashboard"] = ("Dashboard:Enabled", "false"),
        ["--quiet"] = ("AppHost:Quiet", "true"),
        ["--restart"] = ("AppHost:Restart", "true"),
        ["--reset-data"] = ("AppHost:ResetData", "true"),
    };

    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            if (Flags.TryGetValue(name, out var flag) && inlineValue is null)
            {
                values[flag.Key] = flag.Value;
            }
            else if (Options.TryGetValue(name, out var key))
            {
                var value = inlineValue ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
                values[key] = value ?? throw new ArgumentException($"{name} needs a value, e.g. {name} <value>. See --help.");
            }
            else
            {
                throw new ArgumentException($"Unknown option '{args[i]}'. See --help.");
            }
        }

        return values;
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }
}
