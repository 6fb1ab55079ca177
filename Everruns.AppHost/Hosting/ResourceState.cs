namespace Everruns.AppHost.Hosting;

internal enum ResourceState
{
    /// <summary>Not started yet: what it waits for is not healthy yet.</summary>
    Waiting,

    /// <summary>Being prepared or started (an install, a build, the process before it answers).</summary>
    Starting,

    Running,

    /// <summary>Crashed, and waiting out its backoff before it starts again (<c>--restart</c>).</summary>
    Restarting,

    /// <summary>Exited by itself, or could not start.</summary>
    Failed,

    Stopping,
    Stopped,
}
