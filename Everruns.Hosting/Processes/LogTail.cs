namespace Everruns.Hosting.Processes;

/// <summary>Keeps the last lines a process printed, to explain a failure.</summary>
internal sealed class LogTail(int capacity = 40)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Format(string indent = "  ") =>
        string.Join(Environment.NewLine, Lines.Select(line => indent + line));
}
