using Everruns.AppHost.Hosting;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Temporal;

/// <summary>Where Temporal mode finds its server: one given with TEMPORAL_ADDRESS, or a dev server the AppHost starts.</summary>
internal abstract record TemporalServer
{
    public const string Cli = "temporal";

    public const string Missing =
        "Temporal mode needs a Temporal server, but the `temporal` CLI is not on PATH and TEMPORAL_ADDRESS is not set: "
        + "install the CLI (https://docs.temporal.io/cli#install, e.g. `brew install temporal`, or "
        + "`curl -sSf https://temporal.download/cli.sh | sh` and add ~/.temporalio/bin to PATH) so that the AppHost runs "
        + "`temporal server start-dev`, or set TEMPORAL_ADDRESS=<host:port> (--temporal-address) to use a running server.";

    /// <exception cref="SetupException">Neither an address nor the CLI is there.</exception>
    public static TemporalServer Choose(AppHostSettings settings, string? path = null)
    {
        if (settings.TemporalAddress is { } address)
        {
            return new External(address);
        }

        return ExecutableSearch.Find(OperatingSystem.IsWindows() ? Cli + ".exe" : Cli, path) is { } cli
            ? new DevServer(cli)
            : throw new SetupException(Missing);
    }

    public sealed record External(string Address) : TemporalServer;

    public sealed record DevServer(string CliPath) : TemporalServer;
}
