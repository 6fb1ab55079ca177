using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Everruns.AppHost.Postgres;
using Xunit;

namespace Everruns.Tests.AppHost;

/// <summary>Runs the built AppHost as a person would, on a fresh home folder, and stops it with Ctrl+C.</summary>
public sealed partial class AppHostSmokeTests : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private readonly string _home = Path.Combine(Path.GetTempPath(), $"everruns-apphost-smoke-{Guid.NewGuid():N}");
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _appHost;

    [Fact(Timeout = 360_000)]
    public async Task Starts_postgres_and_the_api_then_stops_everything_on_ctrl_c()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        _appHost = StartAppHost(port);

        await WaitUntilApiIsHealthyAsync(port, ct);
        var children = StartedProcessIds();
        Assert.Contains("postgres", children.Keys);
        Assert.Contains("api", children.Keys);

        Signal(_appHost.Id, "INT");
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(ct);
        shutdown.CancelAfter(ShutdownTimeout);
        await _appHost.WaitForExitAsync(shutdown.Token);

        Assert.True(_appHost.ExitCode == 0, $"The AppHost exited with {_appHost.ExitCode}.{Environment.NewLine}{Output}");
        foreach (var (name, pid) in children)
        {
            Assert.False(IsAlive(pid), $"{name} (pid {pid}) is still running after the AppHost exited.");
        }

        Assert.Empty(ProcessesMentioning(_home));
    }

    public void Dispose()
    {
        if (_appHost is { HasExited: false })
        {
            _appHost.Kill(entireProcessTree: true);
            _appHost.WaitForExit(TimeSpan.FromSeconds(10));
        }

        foreach (var pid in StartedProcessIds().Values.Concat(ProcessesMentioning(_home)).Where(IsAlive))
        {
            Signal(pid, "KILL");
        }

        _appHost?.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private string Output => string.Join(Environment.NewLine, _output);

    private Process StartAppHost(int port)
    {
        var info = new ProcessStartInfo(DotNetHost, [AppHostAssembly, "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment[EverrunsPaths.HomeVariable] = _home;
        foreach (var inherited in new[] { "ConnectionStrings__everruns", "OTEL_EXPORTER_OTLP_ENDPOINT", "Api__Port", "Postgres__Port" })
        {
            info.Environment.Remove(inherited);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilApiIsHealthyAsync(int port, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartupTimeout)
        {
            Assert.False(_appHost!.HasExited, $"The AppHost exited early.{Environment.NewLine}{Output}");
            try
            {
                using var response = await client.GetAsync($"http://localhost:{port}/health", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
            }

            await Task.Delay(500, ct);
        }

        Assert.Fail($"The API did not become healthy within {StartupTimeout}.{Environment.NewLine}{Output}");
    }

    /// <summary>The process ids the AppHost reported, by resource name ("api is Running (pid 123) ...").</summary>
    private Dictionary<string, int> StartedProcessIds() =>
        _output.Select(line => StateLine().Match(line))
            .Where(match => match.Success)
            .GroupBy(match => match.Groups["name"].Value)
            .ToDictionary(group => group.Key, group => int.Parse(group.Last().Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^apphost\s*\| (?<name>\w+) is \w+ \(pid (?<pid>\d+)\)")]
    private static partial Regex StateLine();

    private static IEnumerable<int> ProcessesMentioning(string text)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>The AppHost's own build output, in the configuration these tests were built in.</summary>
    private static string AppHostAssembly
    {
        get
        {
            var configuration = typeof(EmbeddedPostgres).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "BuildConfiguration").Value!;
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Everruns.sln")))
            {
                root = root.Parent;
            }

            Assert.NotNull(root);
            return Path.Combine(root.FullName, "Everruns.AppHost", "bin", configuration, "net10.0", "Everruns.AppHost.dll");
        }
    }
}
