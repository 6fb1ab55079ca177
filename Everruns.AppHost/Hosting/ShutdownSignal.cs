using System.Runtime.InteropServices;

namespace Everruns.AppHost.Hosting;

/// <summary>Turns Ctrl+C, SIGTERM and a closed terminal into a cancellation, instead of ending the process at once.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        ];
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // The AppHost stops its children itself, in order, before it exits.
        context.Cancel = true;
        _requested.Cancel();
    }
}
