using System.Collections.Concurrent;

namespace Everruns.Tests.Infrastructure;

/// <summary>The last lines a child process wrote (stdout and stderr), for failure messages.</summary>
public sealed class OutputTail(int capacity)
{
    private readonly ConcurrentQueue<string> lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > capacity)
        {
            lines.TryDequeue(out _);
        }
    }

    public string Last(int count) => string.Join('\n', lines.TakeLast(count));

    public override string ToString() => string.Join('\n', lines);
}
