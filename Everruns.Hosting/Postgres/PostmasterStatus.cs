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
    public static bool IsReady(string dataDirectory) =>
        Lines(dataDirectory) is { Length: > StatusLine } lines && lines[StatusLine].Trim() == "ready";

    /// <summary>The process id of the server on <paramref name="dataDirectory"/>, if one wrote its file there.</summary>
    public static int? ProcessId(string dataDirectory) =>
        Lines(dataDirectory) is { Length: > 0 } lines && int.TryParse(lines[0], out var pid) && pid > 0 ? pid : null;

    private static string[]? Lines(string dataDirectory)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
