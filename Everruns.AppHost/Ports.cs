using Everruns.Hosting.Processes;

namespace Everruns.AppHost;

/// <summary>Fails before anything starts when a fixed port is taken, naming the option that moves it.</summary>
internal static class Ports
{
    /// <exception cref="AppHostSetupException">Something listens on <paramref name="port"/> already.</exception>
    public static void EnsureFree(int port, string what, string option)
    {
        if (FreePort.IsInUse(port))
        {
            throw new AppHostSetupException(
                $"Port {port} for the {what} is already in use (another Everruns, or another program): stop what listens there, or choose another port with {option}.");
        }
    }
}
