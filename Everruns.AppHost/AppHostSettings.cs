using Everruns.Hosting.Postgres;
using Microsoft.Extensions.Configuration;

namespace Everruns.AppHost;

internal enum RunnerMode
{
    InProcess,
    Temporal,
}

internal enum DatabaseServer
{
    /// <summary>PostgreSQL 18 from the npm-packaged binaries, run by the AppHost (the default).</summary>
    Embedded,

    /// <summary>Aspire's PostgreSQL container; needs a container engine.</summary>
    Container,

    /// <summary>The server of <c>ConnectionStrings:everruns</c>.</summary>
    External,
}

/// <summary>The AppHost's options, from its configuration (appsettings, environment, command line).</summary>
internal sealed record AppHostSettings
{
    public const string DatabaseName = "everruns";

    public int ApiPort { get; init; } = 9000;

    public int UiPort { get; init; } = 3000;

    public bool UiEnabled { get; init; } = true;

    public RunnerMode Mode { get; init; } = RunnerMode.InProcess;

    public DatabaseServer Database { get; init; } = DatabaseServer.Embedded;

    public int? PostgresPort { get; init; }

    public string? TemporalAddress { get; init; }

    public int TemporalPort { get; init; } = 7233;

    public int TemporalUiPort { get; init; } = 8233;

    public string TemporalNamespace { get; init; } = "default";

    public string TemporalTaskQueue { get; init; } = "everruns-agent-runs";

    public bool ResetData { get; init; }

    /// <summary>The Everruns home: PostgreSQL binaries in <c>cache/</c>, the databases in <c>data/</c>.</summary>
    public string Home { get; init; } = EverrunsPaths.Home;

    public string Cache => Path.Combine(Home, "cache");

    public string DataRoot => Path.Combine(Home, "data");

    public string DataFolder(string name) => Path.Combine(DataRoot, name);

    /// <exception cref="AppHostSetupException">A value is not valid.</exception>
    public static AppHostSettings Load(IConfiguration configuration)
    {
        var defaults = new AppHostSettings();
        var external = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseName));
        return new AppHostSettings
        {
            ApiPort = Port(configuration, "Api:Port") ?? defaults.ApiPort,
            UiPort = Port(configuration, "Ui:Port") ?? defaults.UiPort,
            UiEnabled = Flag(configuration, "Ui:Enabled") ?? true,
            Mode = ParseMode(Value(configuration, "AgentRunner:Mode") ?? Value(configuration, "AGENT_RUNNER_MODE")),
            Database = external ? DatabaseServer.External : ParseServer(Value(configuration, "Postgres:Server")),
            PostgresPort = Port(configuration, "Postgres:Port"),
            TemporalAddress = Value(configuration, "Temporal:Address") ?? Value(configuration, "TEMPORAL_ADDRESS"),
            TemporalPort = Port(configuration, "Temporal:Port") ?? defaults.TemporalPort,
            TemporalUiPort = Port(configuration, "Temporal:UiPort") ?? defaults.TemporalUiPort,
            TemporalNamespace = Value(configuration, "TEMPORAL_NAMESPACE") ?? defaults.TemporalNamespace,
            TemporalTaskQueue = Value(configuration, "TEMPORAL_TASK_QUEUE") ?? defaults.TemporalTaskQueue,
            ResetData = Flag(configuration, "AppHost:ResetData") ?? false,
            Home = Value(configuration, EverrunsPaths.HomeVariable) is { } home ? Path.GetFullPath(home) : EverrunsPaths.Home,
        };
    }

    private static RunnerMode ParseMode(string? value) => value?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        null or "inprocess" => RunnerMode.InProcess,
        "temporal" => RunnerMode.Temporal,
        _ => throw new AppHostSetupException($"The runner mode must be inprocess or temporal, not '{value}' (--mode, AgentRunner:Mode)."),
    };

    private static DatabaseServer ParseServer(string? value) => value?.ToLowerInvariant() switch
    {
        null or "embedded" => DatabaseServer.Embedded,
        "container" => DatabaseServer.Container,
        _ => throw new AppHostSetupException(
            $"Postgres:Server must be embedded or container, not '{value}' (for a server of your own, set ConnectionStrings:everruns)."),
    };

    private static string? Value(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key];

    private static int? Port(IConfiguration configuration, string key) => Value(configuration, key) switch
    {
        null => null,
        var value when int.TryParse(value, out var port) && port is > 0 and < 65536 => port,
        var value => throw new AppHostSetupException($"{key} must be a TCP port (1-65535), not '{value}'."),
    };

    private static bool? Flag(IConfiguration configuration, string key) => Value(configuration, key) switch
    {
        null => null,
        var value when bool.TryParse(value, out var flag) => flag,
        var value => throw new AppHostSetupException($"{key} must be true or false, not '{value}'."),
    };
}
