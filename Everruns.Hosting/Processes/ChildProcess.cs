using System.Diagnostics;

namespace Everruns.Hosting.Processes;

/// <summary>
/// A child process whose output is forwarded line by line, and which is stopped gracefully: its stop signal first,
/// then SIGKILL after a grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly LogTail _tail = new();
    private readonly Task<int> _exited;
    private readonly StopSignal _stopSignal;

    private ChildProcess(ProcessCommand command, StopSignal stopSignal, Action<string> onLine)
    {
        _stopSignal = stopSignal;
        _process = new Process { StartInfo = command.ToStartInfo(), EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Forward(e.Data, onLine);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data, onLine);
        _process.Start();
        Id = _process.Id;
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WaitForExitCodeAsync();
    }

    public static ChildProcess Start(ProcessCommand command, Action<string> onLine, StopSignal? stopSignal = null) =>
        new(command, stopSignal ?? StopSignal.Terminate, onLine);

    public int Id { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited;

    public bool HasExited => _exited.IsCompleted;

    public string FormatLastLines() => _tail.Format();

    /// <summary>Sends the stop signal, waits up to <paramref name="grace"/>, then kills the process and its children.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        if (Posix.Signal(Id, _stopSignal.Number)
            && await Task.WhenAny(_exited, Task.Delay(grace)) == _exited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Forward(string? line, Action<string> onLine)
    {
        if (line is null)
        {
            return;
        }

        _tail.Add(line);
        onLine(line);
    }

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
