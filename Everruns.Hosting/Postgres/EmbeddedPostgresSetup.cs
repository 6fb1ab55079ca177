using System.Globalization;
using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// What comes before an embedded PostgreSQL server starts, and the command that starts it. Used by
/// <see cref="EmbeddedPostgres"/> (tests, benchmark), which runs the server as its own child, and by the AppHost, whose
/// orchestrator runs it.
/// </summary>
internal static class EmbeddedPostgresSetup
{
    public const string Superuser = "postgres";

    /// <summary>
    /// Installs the binaries unless they are, gives the data directory to the account that runs postgres, initialises
    /// it the first time, and stops a server an earlier, crashed launcher left on it. Call it holding the data
    /// directory's <see cref="DataDirectoryLock"/>, and hold that while the server runs.
    /// </summary>
    public static async Task PrepareAsync(EmbeddedPostgresOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectory(options);
        var package = Package(options);
        await package.EnsureInstalledAsync(log, cancellationToken);
        var account = PostgresAccount.ForCurrentUser();
        await account.PrepareAsync(dataDirectory, package.BinDirectory, log, cancellationToken);
        await InitialiseOnceAsync(package, account, dataDirectory, log, cancellationToken);
        await StalePostmaster.ClearAsync(dataDirectory, log, cancellationToken);
    }

    /// <summary>The server in the foreground on 127.0.0.1:<paramref name="port"/>, with no Unix socket.</summary>
    public static ProcessCommand ServerCommand(EmbeddedPostgresOptions options, int port)
    {
        var dataDirectory = DataDirectory(options);
        return PostgresAccount.ForCurrentUser().RunAs(new ProcessCommand(
            Package(options).Binary("postgres"),
            [
                "-D", dataDirectory,
                "-p", port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
            ])
        {
            WorkingDirectory = dataDirectory,
        });
    }

    public static string DataDirectory(EmbeddedPostgresOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        return Path.GetFullPath(options.DataDirectory);
    }

    private static PostgresPackage Package(EmbeddedPostgresOptions options) =>
        PostgresPackage.Locate(options.CacheDirectory ?? EverrunsPaths.Cache, options.PackageVersion);

    private static async Task InitialiseOnceAsync(
        PostgresPackage package, PostgresAccount account, string dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        log($"Initialising a new PostgreSQL data directory in {dataDirectory}.");

        // Trust authentication is safe only because the server listens on 127.0.0.1 alone, with no Unix socket.
        var initdb = new ProcessCommand(
            package.Binary("initdb"),
            ["-D", dataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale"])
        {
            WorkingDirectory = dataDirectory,
        };
        await CommandRunner.RunAsync(account.RunAs(initdb), log, cancellationToken);
    }
}
