using System.Diagnostics;

namespace Everruns.AppHost.Processes;

/// <summary>
/// A child process run behind the <see cref="Watchdog"/>, whose output is forwarded line by line, and which is
/// stopped gracefully: its stop signal first, then SIGKILL to its whole process group after a grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly LogTail _tail = new();
    private readonly Task<int> _exited;
    private readonly StopSignal _stopSignal;
    private readonly bool _leadsGroup;
    private readonly TaskCompletionSource _processEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(ProcessCommand command, StopSignal stopSignal, Action<string> onLine)
    {
        _stopSignal = stopSignal;
        _leadsGroup = Watchdog.LeadsProcessGroup;
        _process = new Process { StartInfo = Watchdog.Wrap(command, stopSignal.Name).ToStartInfo(), EnableRaisingEvents = true };
        _process.Exited += (_, _) => _processEnded.TrySetResult();
        _process.OutputDataReceived += (_, e) => Forward(e.Data, onLine);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data, onLine);
        _process.Start();
        Id = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WaitForExitCodeAsync();
    }

    /// <summary>Starts <paramref name="command"/>; its stdin is the watchdog's pipe, so it reads nothing.</summary>
    public static ChildProcess Start(ProcessCommand command, Action<string> onLine, StopSignal? stopSignal = null) =>
        new(command, stopSignal ?? StopSignal.Terminate, onLine);

    /// <summary>The process id, which is also its process group id where setsid exists.</summary>
    public int Id { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited;

    public bool HasExited => _exited.IsCompleted;

    public IReadOnlyList<string> LastLines => _tail.Lines;

    public string FormatLastLines() => _tail.Format();

    /// <summary>Sends the stop signal, waits up to <paramref name="grace"/>, then kills the whole process group.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        if (SignalAll(_stopSignal.Number))
        {
            var exited = await Task.WhenAny(_exited, Task.Delay(grace)) == _exited;
            if (exited)
            {
                return;
            }
        }

        if (!SignalAll(Posix.SigKill))
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        await _exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private bool SignalAll(int signal) =>
        (_leadsGroup && Posix.Signal(-Id, signal)) || Posix.Signal(Id, signal);

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
        // Unlike WaitForExitAsync, the Exited event does not wait for the output to end, which a grandchild still
        // holding it would delay forever; it goes with the child, as does the watchdog.
        await _processEnded.Task;
        if (_leadsGroup)
        {
            Posix.Signal(-Id, Posix.SigKill);
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
