using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Output;

/// <summary>
/// For a terminal: the resource table stays below the log lines. Before each write the table is erased (cursor up
/// over its lines, clear to the end of the screen) and drawn again after it; rows are cut to the terminal's width,
/// so that none wraps and the count of lines to erase stays right.
/// </summary>
internal sealed class LiveOutput(TextWriter output, TextWriter errors, bool quiet) : ConsoleOutput(output, errors, quiet)
{
    private readonly Lock _lock = new();
    private int _drawnLines;

    public override void Changed(Resource resource) => Redraw();

    public override void Ready(string telemetry, TimeSpan startup) => Write(Out, ReadySummary.Format(Resources, telemetry, startup, withTable: false));

    protected override void Write(TextWriter writer, string text)
    {
        lock (_lock)
        {
            Erase();
            writer.WriteLine(text);
            writer.Flush();
            Draw();
        }
    }

    protected override void Redraw()
    {
        lock (_lock)
        {
            Erase();
            Draw();
        }
    }

    private void Erase()
    {
        if (_drawnLines > 0)
        {
            Out.Write($"\u001b[{_drawnLines}F\u001b[J");
            _drawnLines = 0;
        }
    }

    private void Draw()
    {
        if (Resources.Count == 0)
        {
            return;
        }

        var width = Math.Max(20, TerminalWidth() - 1);
        var lines = ResourceTable.Render(Resources);
        Out.WriteLine();
        foreach (var line in lines)
        {
            Out.WriteLine(line.Length > width ? line[..width] : line);
        }

        Out.Flush();
        _drawnLines = lines.Count + 1;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
