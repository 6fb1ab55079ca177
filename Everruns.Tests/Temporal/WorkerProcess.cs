using System.Collections.Concurrent;
using System.Diagnostics;
using Everruns.Tests.Infrastructure;
using Everruns.Worker;

namespace Everruns.Tests.Temporal;

/// <summary>The Temporal worker as a real child process (<c>dotnet Everruns.Worker.dll</c>), for tests that start and kill it.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly OutputTail output = new(400);

    private WorkerProcess(Process process) => this.process = process;

    public string Output => output.ToString();

    public bool HasExited => process.HasExited;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        // The worker's build output is copied beside the tests, with its runtime and dependency files.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet, [typeof(WorkerProgram).Assembly.Location])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => worker.output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        process.WaitForExit(); // lets the output readers drain
        return process.ExitCode;
    }

    public Task WaitUntilHealthyAsync(Uri address) => ChildHealth.WaitAsync(process, address, "worker", () => Output);

    /// <summary>SIGKILL: the worker gets no chance to finish or hand back what it was doing.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
