using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Everruns.AppHost.Postgres;

namespace Everruns.Tests.AppHost;

/// <summary>
/// The built AppHost run as a person would, as a child process with a fresh EVERRUNS_HOME. The PostgreSQL binaries
/// come from the shared cache (linked in), so that a test pays for initdb but not for a download.
/// </summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettings =
    [
        "ConnectionStrings__everruns", "OTEL_EXPORTER_OTLP_ENDPOINT", "AGENT_RUNNER_MODE", "AgentRunner__Mode", "TEMPORAL_ADDRESS",
        "Temporal__Address", "Auth__Mode", "Api__Port", "Ui__Port", "Postgres__Port", "Worker__Port", "AppHost__Quiet", "AppHost__Restart",
    ];

    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Process _process;

    private AppHostProcess(string home, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        Home = home;
        var info = new ProcessStartInfo(DotNetHost, [AppHostAssembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var inherited in InheritedSettings)
        {
            info.Environment.Remove(inherited);
        }

        info.Environment[EverrunsPaths.HomeVariable] = home;
        info.Environment["Models__Simulator__TokensPerSecond"] = "0";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Record(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Record(_errors, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Home { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Everything it printed, for assertion messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.Concat(_errors));

    /// <summary>Starts the AppHost on a fresh home folder; <paramref name="prepareHome"/> may put things in it first.</summary>
    public static async Task<AppHostProcess> StartAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? prepareHome = null,
        CancellationToken ct = default)
    {
        var home = Path.Combine(Path.GetTempPath(), $"everruns-apphost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var sharedCache = EverrunsPaths.Cache;
        await SharedPostgresBinaries.EnsureInstalledAsync(sharedCache, ct);
        Directory.CreateSymbolicLink(Path.Combine(home, "cache"), sharedCache);
        prepareHome?.Invoke(home);
        return new AppHostProcess(home, arguments, environment ?? new Dictionary<string, string?>());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits for "Everruns is running"; fails with the output when it exits or takes too long instead.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains("Everruns is running", StringComparison.Ordinal)))
        {
            Assert.False(_process.HasExited, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : 0)} before it was ready.{Environment.NewLine}{Output}");
            Assert.True(elapsed.Elapsed < timeout, $"The AppHost was not ready within {timeout}.{Environment.NewLine}{Output}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>The process ids it reported, by resource name ("api is Running (pid 123) ...").</summary>
    public Dictionary<string, int> ProcessIds() =>
        _output.Select(line => StateLine().Match(line))
            .Where(match => match.Success)
            .GroupBy(match => match.Groups["name"].Value)
            .ToDictionary(group => group.Key, group => int.Parse(group.Last().Groups["pid"].Value, CultureInfo.InvariantCulture));

    public bool Printed(string text) => _output.Concat(_errors).Any(line => line.Contains(text, StringComparison.Ordinal));

    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", Port(_process.Id)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"The AppHost did not exit within {timeout}.{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var pid in ProcessIds().Values.Concat(ProcessTable.Mentioning(Home)).Where(ProcessTable.IsAlive))
        {
            ProcessTable.Kill(pid);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process being killed may still be writing there; the folder is in the temp folder anyway.
        }
    }

    private static void Record(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"^apphost\s*\| (?<name>\w+) is \w+ \(pid (?<pid>\d+)\)")]
    private static partial Regex StateLine();

    private static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>The AppHost's own build output, in the configuration these tests were built in.</summary>
    private static string AppHostAssembly
    {
        get
        {
            var configuration = typeof(EmbeddedPostgres).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "BuildConfiguration").Value!;
            return Path.Combine(Everruns.AppHost.Hosting.BuiltProject.RepositoryRoot, "Everruns.AppHost", "bin", configuration, "net10.0", "Everruns.AppHost.dll");
        }
    }
}
