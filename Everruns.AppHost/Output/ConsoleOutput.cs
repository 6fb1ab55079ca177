using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Output;

/// <summary>
/// Everything the AppHost prints: the resources' log lines prefixed by their name, its own lines, and the state of
/// the resources, as a live table on a terminal (<see cref="LiveOutput"/>) or as lines otherwise (<see cref="LineOutput"/>).
/// </summary>
internal abstract class ConsoleOutput(TextWriter output, TextWriter errors, bool quiet) : IResourceObserver
{
    public const string Self = "apphost";
    private const int PrefixWidth = 9;

    private readonly QuietFilter _filter = new();

    protected TextWriter Out => output;

    protected IReadOnlyList<Resource> Resources { get; private set; } = [];

    public static ConsoleOutput Create(bool quiet) =>
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb"
            ? new LiveOutput(Console.Out, Console.Error, quiet)
            : new LineOutput(Console.Out, Console.Error, quiet);

    public static string Prefix(string source, string line) => $"{source,-PrefixWidth}| {line}";

    /// <summary>The resources whose state is shown.</summary>
    public void Track(IReadOnlyList<Resource> resources)
    {
        Resources = resources;
        Redraw();
    }

    public void Log(Resource resource, string line)
    {
        if (!quiet || _filter.Keep(resource.Name, line))
        {
            Write(output, Prefix(resource.Name, line));
        }
    }

    /// <summary>A line of progress, left out by <c>--quiet</c>.</summary>
    public void Info(string line)
    {
        if (!quiet)
        {
            Write(output, Prefix(Self, line));
        }
    }

    /// <summary>A line the person must see, also with <c>--quiet</c>.</summary>
    public void Notice(string line) => Write(output, Prefix(Self, line));

    public void Error(string line) => Write(errors, Prefix(Self, line));

    public void Failed(Resource resource, string reason, bool withLastLines)
    {
        var lastLines = resource.FormatLastLines();
        Error(withLastLines && lastLines.Length > 0
            ? $"{resource.Name} failed: {reason} Its last log lines:{Environment.NewLine}{lastLines}"
            : $"{resource.Name} failed: {reason}");
    }

    public abstract void Changed(Resource resource);

    /// <summary>Everything is healthy: print where things are, and how long it took.</summary>
    public abstract void Ready(string telemetry, TimeSpan startup);

    protected abstract void Write(TextWriter writer, string text);

    protected virtual void Redraw()
    {
    }
}
