using System.Diagnostics;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// How long a crashed resource waits before it is started again: 1 s, doubling up to 30 s while it keeps crashing,
/// back to 1 s once it ran for a minute.
/// </summary>
internal sealed class RestartBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Stable = TimeSpan.FromMinutes(1);

    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private int _attempt;

    public TimeSpan Next()
    {
        if (_sinceStart.Elapsed > Stable)
        {
            _attempt = 0;
        }

        var delay = First * Math.Pow(2, _attempt);
        _attempt = Math.Min(_attempt + 1, 10);
        return delay < Longest ? delay : Longest;
    }

    public void Started() => _sinceStart.Restart();
}
