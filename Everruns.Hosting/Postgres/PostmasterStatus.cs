namespace Everruns.Hosting.Postgres;

/// <summary>
/// What a running server wrote about itself in <c>postmaster.pid</c>. Asking it, rather than trying to connect, keeps
/// "FATAL: the database system is starting up" out of the server's log while it starts.
/// </summary>
internal static class PostmasterStatus
{
    // The eighth line of postmaster.pid is the server's state: "starting", "ready", "stopping" or "standby".
    private const int StatusLine = 7;

    /// <summary>Whether the server on <paramref name="dataDirectory"/> says it accepts connections.</summary>
    public static bool IsReady(string dataDirectory)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
            return lines.Length > StatusLine && lines[StatusLine].Trim() == "ready";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
