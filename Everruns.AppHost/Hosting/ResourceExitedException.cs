namespace Everruns.AppHost.Hosting;

/// <summary>The resource's process exited while it was being started.</summary>
internal sealed class ResourceExitedException(int exitCode)
    : Exception($"exited with code {exitCode} before it was healthy.")
{
    public int ExitCode => exitCode;
}
