using System.Collections.Concurrent;
using System.Diagnostics;

namespace Everruns.Tests.Infrastructure;

/// <summary>The API as a real child process (<c>dotnet Everruns.Api.dll</c>), for tests that kill it.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly OutputTail output = new(200);
    private bool disposed;

    private ApiProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public string RecentOutput => output.Last(40);

    public static async Task<ApiProcess> StartAsync(string connectionString, int port, IReadOnlyDictionary<string, string> settings)
    {
        // The API's build output is copied beside the tests, with its runtime and dependency files.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet, [typeof(Program).Assembly.Location])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__everruns"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The API process did not start.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => api.output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilHealthyAsync();
        }
        catch
        {
            // A process that never became healthy must not outlive the test.
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private Task WaitUntilHealthyAsync() => ChildHealth.WaitAsync(process, Address, "API", () => RecentOutput);
}
