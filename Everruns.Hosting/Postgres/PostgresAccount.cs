using System.Runtime.Versioning;
using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// The operating-system user that runs initdb and postgres. PostgreSQL refuses to run as root, so a root caller
/// runs them as the dedicated system user <c>everruns</c>, who owns the data directory.
/// </summary>
internal abstract class PostgresAccount
{
    public static PostgresAccount ForCurrentUser() => Posix.IsRoot ? new DedicatedUser() : new CurrentUser();

    /// <summary>Creates what is missing so that this account can read the binaries and own the data.</summary>
    public abstract Task PrepareAsync(string dataDirectory, string binDirectory, Action<string> log, CancellationToken cancellationToken);

    /// <summary>The command that runs <paramref name="command"/> as this account.</summary>
    public abstract ProcessCommand RunAs(ProcessCommand command);

    protected static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private sealed class CurrentUser : PostgresAccount
    {
        public override Task PrepareAsync(string dataDirectory, string binDirectory, Action<string> log, CancellationToken cancellationToken)
        {
            CreatePrivateDirectory(dataDirectory);
            return Task.CompletedTask;
        }

        public override ProcessCommand RunAs(ProcessCommand command) => command;
    }

    private sealed class DedicatedUser : PostgresAccount
    {
        private const string UserName = "everruns";

        private const UnixFileMode Traversable =
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        public override async Task PrepareAsync(string dataDirectory, string binDirectory, Action<string> log, CancellationToken cancellationToken)
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException(
                    "PostgreSQL refuses to run as root: start Everruns as a regular user.");
            }

            await EnsureUserExistsAsync(log, cancellationToken);
            CreatePrivateDirectory(dataDirectory);
            await CommandRunner.RunAsync(
                new ProcessCommand("chown", ["-R", $"{UserName}:{UserName}", dataDirectory]), log, cancellationToken);
            MakeParentsTraversable(dataDirectory);
            MakeParentsTraversable(Path.Combine(binDirectory, "postgres"));
        }

        public override ProcessCommand RunAs(ProcessCommand command) =>
            command.WrappedBy("setpriv", $"--reuid={UserName}", $"--regid={UserName}", "--clear-groups", "--");

        private static async Task EnsureUserExistsAsync(Action<string> log, CancellationToken cancellationToken)
        {
            if (await UserExistsAsync(cancellationToken))
            {
                return;
            }

            log($"Creating the system user '{UserName}' that runs PostgreSQL (it refuses to run as root).");
            var created = await CommandRunner.RunAsync(
                new ProcessCommand("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", UserName]),
                log,
                cancellationToken,
                throwOnFailure: false);

            // A concurrent start may have created it in the meantime.
            if (created != 0 && !await UserExistsAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Could not create the system user '{UserName}' (useradd exit code {created}).");
            }
        }

        private static async Task<bool> UserExistsAsync(CancellationToken cancellationToken) =>
            await CommandRunner.RunAsync(new ProcessCommand("id", ["-u", UserName]), _ => { }, cancellationToken, throwOnFailure: false) == 0;

        /// <summary>Opens every folder above <paramref name="path"/> to reading and traversal (adds 0755).</summary>
        [SupportedOSPlatform("linux")]
        private static void MakeParentsTraversable(string path)
        {
            for (var folder = Path.GetDirectoryName(path); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                var mode = File.GetUnixFileMode(folder);
                if ((mode & Traversable) != Traversable)
                {
                    File.SetUnixFileMode(folder, mode | Traversable);
                }
            }
        }
    }
}
