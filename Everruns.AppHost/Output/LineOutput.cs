using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Output;

/// <summary>For a log file or a pipe: each change of a resource is one line, e.g. "api is Running (pid 42) at http://localhost:9000, Healthy".</summary>
internal sealed class LineOutput(TextWriter output, TextWriter errors, bool quiet) : ConsoleOutput(output, errors, quiet)
{
    private readonly Dictionary<string, string> _lastLine = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static string StateLine(Resource resource)
    {
        var process = resource.ProcessId is { } pid && resource.State is ResourceState.Starting or ResourceState.Running ? $" (pid {pid})" : string.Empty;
        var detail = resource.StateDetail is { } about ? $" ({about})" : string.Empty;
        var endpoint = resource.State is ResourceState.Running && resource.Endpoint is { } url ? $" at {url}" : string.Empty;
        var health = resource.Health == HealthStatus.Unknown ? string.Empty : $", {resource.Health}";
        var restarts = resource.Restarts > 0 ? $", {resource.Restarts} restarts" : string.Empty;
        return $"{resource.Name} is {resource.State}{process}{detail}{endpoint}{health}{restarts}";
    }

    public override void Changed(Resource resource)
    {
        var line = StateLine(resource);
        lock (_lock)
        {
            if (_lastLine.TryGetValue(resource.Name, out var last) && last == line)
            {
                return;
            }

            _lastLine[resource.Name] = line;
        }

        Notice(line);
    }

    public override void Ready(string telemetry, TimeSpan startup) => Write(Out, ReadySummary.Format(Resources, telemetry, startup, withTable: true));

    protected override void Write(TextWriter writer, string text)
    {
        lock (_lock)
        {
            writer.WriteLine(text);
        }
    }
}
