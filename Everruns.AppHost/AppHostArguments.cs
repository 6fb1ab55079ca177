namespace Everruns.AppHost;

/// <summary>
/// The AppHost's short command-line options, turned into the configuration keys they stand for (so that
/// <c>--api-port 9100</c> is <c>Api:Port=9100</c>). Anything else is passed on as it is.
/// </summary>
internal static class AppHostArguments
{
    private static readonly Dictionary<string, string> Valued = new(StringComparer.Ordinal)
    {
        ["--mode"] = "AgentRunner:Mode",
        ["--api-port"] = "Api:Port",
        ["--ui-port"] = "Ui:Port",
        ["--postgres"] = "Postgres:Server",
        ["--postgres-port"] = "Postgres:Port",
        ["--temporal-address"] = "Temporal:Address",
    };

    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["--no-ui"] = "Ui:Enabled=false",
        ["--reset-data"] = "AppHost:ResetData=true",
    };

    public static string[] Expand(string[] args)
    {
        var expanded = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = Split(args[i]);
            if (Flags.TryGetValue(name, out var setting) && value is null)
            {
                expanded.Add($"--{setting}");
            }
            else if (Valued.TryGetValue(name, out var key))
            {
                value ??= i + 1 < args.Length ? args[++i] : throw new AppHostSetupException($"{name} needs a value.");
                expanded.Add($"--{key}={value}");
            }
            else
            {
                expanded.Add(args[i]);
            }
        }

        return [.. expanded];
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (argument, null) : (argument[..equals], argument[(equals + 1)..]);
    }
}
