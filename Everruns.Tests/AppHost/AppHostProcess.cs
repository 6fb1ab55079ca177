using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Everruns.Hosting.Postgres;
using Everruns.Hosting.Processes;

namespace Everruns.Tests.AppHost;

/// <summary>
/// The built AppHost run as a person runs it, as a process of its own with a fresh EVERRUNS_HOME (binaries from the
/// shared cache), its dashboard and services on free ports, and Aspire's plain-http settings of the launch profile.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettings =
    [
        "ConnectionStrings__everruns", "AGENT_RUNNER_MODE", "AgentRunner__Mode", "TEMPORAL_ADDRESS", "Temporal__Address",
        "Api__Port", "Ui__Port", "Postgres__Port", "Postgres__Server", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private AppHostProcess(string home, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        Home = home;
        var info = new ProcessStartInfo(DotNetHost, [AppHostAssembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in InheritedSettings)
        {
            info.Environment.Remove(inherited);
        }

        info.Environment[EverrunsPaths.HomeVariable] = home;
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{FreePort.Find()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort.Find()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort.Find()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Home { get; }

    public int Id => _process.Id;

    /// <summary>Everything it printed, for assertion messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the AppHost on a fresh home folder; <paramref name="prepareHome"/> may put things in it first.</summary>
    public static async Task<AppHostProcess> StartAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken ct = default,
        Action<string>? prepareHome = null)
    {
        var home = Path.Combine(Path.GetTempPath(), $"everruns-apphost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        await SharedPostgresBinaries.EnsureInstalledAsync(EverrunsPaths.Cache, ct);
        Directory.CreateSymbolicLink(Path.Combine(home, "cache"), EverrunsPaths.Cache);
        prepareHome?.Invoke(home);
        return new AppHostProcess(home, arguments, environment ?? new Dictionary<string, string?>());
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits for <c>GET /health</c> of the API to answer 200; fails with the output when the AppHost exits first.</summary>
    public async Task WaitUntilHealthyAsync(int apiPort, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : 0)}.{Environment.NewLine}{Output}");
            Assert.True(elapsed.Elapsed < timeout, $"The API was not healthy within {timeout}.{Environment.NewLine}{Output}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{apiPort}/health", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// The processes of this stack: the AppHost's descendants, and the orchestrator (DCP), which watches the AppHost
    /// (<c>--monitor &lt;pid&gt;</c>), with everything it started.
    /// </summary>
    public List<int> StackProcesses()
    {
        var roots = ProcessTable.Mentioning($"--monitor {Id}").Append(Id);
        return [.. roots.SelectMany(ProcessTable.WithDescendants).Distinct().Where(pid => pid != Id)];
    }

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
        var left = _process.HasExited ? [] : StackProcesses();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var pid in left.Concat(ProcessTable.Mentioning(Home)).Where(ProcessTable.IsAlive))
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

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>The AppHost's own build output, in the configuration these tests were built in.</summary>
    private static string AppHostAssembly
    {
        get
        {
            var configuration = typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyConfigurationAttribute>().Single().Configuration;
            return Path.Combine(Infrastructure.Repository.Root, "Everruns.AppHost", "bin", configuration, "net10.0", "Everruns.AppHost.dll");
        }
    }
}
