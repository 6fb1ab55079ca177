using Microsoft.Extensions.Configuration;

namespace Everruns.AppHost.Hosting;

/// <summary>What can be configured, from the environment or the command line (see <see cref="Usage"/>).</summary>
internal sealed record AppHostSettings
{
    public const string DatabaseName = "everruns";
    public const int DefaultApiPort = 9000;
    public const int DefaultUiPort = 3000;
    public const int DefaultTemporalPort = 7233;
    public const int DefaultTemporalUiPort = 8233;

    public const string Usage = """
        Runs Everruns locally: PostgreSQL, the API, the web UI, and in Temporal mode a Temporal dev server and the worker.

        Usage: dotnet run --project Everruns.AppHost [-- options]

        Options (also as configuration keys or environment variables, e.g. Api__Port=9100):
          --api-port <port>           Api:Port               port of the API (default 9000)
          --ui-port <port>            Ui:Port                port of the web UI (default 3000)
          --no-ui                     Ui:Enabled=false       do not run the web UI
          --mode <inprocess|temporal> AgentRunner:Mode       where runs execute (also AGENT_RUNNER_MODE; default inprocess)
          --temporal-address <h:p>    TEMPORAL_ADDRESS       use this Temporal server instead of starting `temporal server start-dev`
          --temporal-port <port>      Temporal:Port          port of the Temporal dev server (default 7233)
          --temporal-ui-port <port>   Temporal:UiPort        port of the Temporal dev server's web UI (default 8233)
          --worker-port <port>        Worker:Port            port of the worker's health endpoint (default: a free one)
          --postgres-port <port>      Postgres:Port          port of the embedded PostgreSQL (default: a free one)
          --otlp-endpoint <url>       OTEL_EXPORTER_OTLP_ENDPOINT  export telemetry there instead of a dashboard container
          --no-dashboard              Dashboard:Enabled=false      do not start the Aspire dashboard container
          --restart                   AppHost:Restart        restart a resource that crashes, with backoff
          --quiet                     AppHost:Quiet          print only warnings and errors of the resources
          --reset-data                                       delete the data folder (databases) before starting
                                      ConnectionStrings:everruns   use this PostgreSQL server instead of the embedded one
                                      TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE   passed on to the API and the worker
                                      EVERRUNS_HOME          folder of binaries (cache/) and data (data/)
        """;

    public int ApiPort { get; init; } = DefaultApiPort;

    public int UiPort { get; init; } = DefaultUiPort;

    public bool UiEnabled { get; init; } = true;

    public int? WorkerPort { get; init; }

    public int? PostgresPort { get; init; }

    public string? ExternalDatabase { get; init; }

    public RunnerMode Mode { get; init; } = RunnerMode.InProcess;

    public string? TemporalAddress { get; init; }

    public string? TemporalNamespace { get; init; }

    public string? TemporalTaskQueue { get; init; }

    public int TemporalPort { get; init; } = DefaultTemporalPort;

    public int TemporalUiPort { get; init; } = DefaultTemporalUiPort;

    public string? OtlpEndpoint { get; init; }

    public bool DashboardEnabled { get; init; } = true;

    public bool Quiet { get; init; }

    public bool Restart { get; init; }

    /// <summary>Only from the command line: an environment variable left set would delete the data on every start.</summary>
    public bool ResetData { get; init; }

    public static AppHostSettings Load(string[] args) => Load(args, new ConfigurationBuilder().AddEnvironmentVariables().Build());

    public static AppHostSettings Load(string[] args, IConfiguration environment)
    {
        var commandLine = CommandLine.Parse(args);
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(environment)
            .AddInMemoryCollection(commandLine)
            .Build();

        return new AppHostSettings
        {
            ApiPort = Port(configuration, "Api:Port") ?? DefaultApiPort,
            UiPort = Port(configuration, "Ui:Port") ?? DefaultUiPort,
            UiEnabled = Flag(configuration, "Ui:Enabled") ?? true,
            WorkerPort = Port(configuration, "Worker:Port"),
            PostgresPort = Port(configuration, "Postgres:Port"),
            ExternalDatabase = NullIfBlank(configuration.GetConnectionString(DatabaseName)),
            Mode = RunnerModes.Parse(NullIfBlank(configuration["AgentRunner:Mode"]) ?? configuration["AGENT_RUNNER_MODE"]),
            TemporalAddress = NullIfBlank(configuration["Temporal:Address"]) ?? NullIfBlank(configuration["TEMPORAL_ADDRESS"]),
            TemporalNamespace = NullIfBlank(configuration["Temporal:Namespace"]) ?? NullIfBlank(configuration["TEMPORAL_NAMESPACE"]),
            TemporalTaskQueue = NullIfBlank(configuration["Temporal:TaskQueue"]) ?? NullIfBlank(configuration["TEMPORAL_TASK_QUEUE"]),
            TemporalPort = Port(configuration, "Temporal:Port") ?? DefaultTemporalPort,
            TemporalUiPort = Port(configuration, "Temporal:UiPort") ?? DefaultTemporalUiPort,
            OtlpEndpoint = NullIfBlank(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
            DashboardEnabled = Flag(configuration, "Dashboard:Enabled") ?? true,
            Quiet = Flag(configuration, "AppHost:Quiet") ?? false,
            Restart = Flag(configuration, "AppHost:Restart") ?? false,
            ResetData = commandLine.ContainsKey("AppHost:ResetData"),
        };
    }

    private static int? Port(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"{key} must be a TCP port (1-65535), not '{value}'.");
    }

    private static bool? Flag(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return bool.TryParse(value, out var flag) ? flag : throw new ArgumentException($"{key} must be true or false, not '{value}'.");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
