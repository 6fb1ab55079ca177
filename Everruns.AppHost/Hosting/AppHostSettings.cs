using Microsoft.Extensions.Configuration;

namespace Everruns.AppHost.Hosting;

/// <summary>What can be configured, from the environment or the command line (e.g. <c>--api-port 9100</c>).</summary>
internal sealed record AppHostSettings(int ApiPort, int? PostgresPort, string? ExternalDatabase, string? OtlpEndpoint)
{
    public const string DatabaseName = "everruns";
    public const int DefaultApiPort = 9000;

    public const string Usage = """
        Runs Everruns locally: PostgreSQL (embedded unless ConnectionStrings:everruns is given) and the API.

        Options (also as configuration keys or environment variables, e.g. Api__Port):
          --api-port <port>        Api:Port                      port of the API on localhost (default 9000)
          --postgres-port <port>   Postgres:Port                 port of the embedded PostgreSQL (default: a free one)
                                   ConnectionStrings:everruns    use this PostgreSQL server instead of the embedded one
                                   OTEL_EXPORTER_OTLP_ENDPOINT   where the services export telemetry
                                   EVERRUNS_HOME                 folder of binaries and data (see README)
        """;

    public static AppHostSettings Load(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args, new Dictionary<string, string>
            {
                ["--api-port"] = "Api:Port",
                ["--postgres-port"] = "Postgres:Port",
            })
            .Build();

        return new AppHostSettings(
            ApiPort: Port(configuration, "Api:Port") ?? DefaultApiPort,
            PostgresPort: Port(configuration, "Postgres:Port"),
            ExternalDatabase: NullIfBlank(configuration.GetConnectionString(DatabaseName)),
            OtlpEndpoint: NullIfBlank(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]));
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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
