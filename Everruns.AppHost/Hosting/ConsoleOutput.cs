using System.Text;

namespace Everruns.AppHost.Hosting;

/// <summary>Everything the AppHost prints: child lines prefixed by their resource, state changes and the summary.</summary>
internal sealed class ConsoleOutput
{
    private const string Self = "apphost";
    private const int PrefixWidth = 9;

    public void ResourceLine(string resource, string line) => Console.Out.WriteLine($"{resource,-PrefixWidth}| {line}");

    public void Info(string line) => ResourceLine(Self, line);

    public void Error(string line) => Console.Error.WriteLine($"{Self,-PrefixWidth}| {line}");

    public void StateChanged(Resource resource)
    {
        if (resource.State == ResourceState.Failed)
        {
            return; // Failed() says why.
        }

        var process = resource.ProcessId is { } pid ? $" (pid {pid})" : string.Empty;
        var endpoint = resource.State is ResourceState.Running or ResourceState.Healthy && resource.Endpoint is { } url
            ? $" at {url}"
            : string.Empty;
        Info($"{resource.Name} is {resource.State}{process}{endpoint}");
    }

    public void Failed(Resource resource, string reason, bool withLastLines)
    {
        Error($"{resource.Name} failed: {reason}");
        var lastLines = resource.FormatLastLines();
        if (withLastLines && lastLines.Length > 0)
        {
            Error($"Last log lines of {resource.Name}:");
            Console.Error.WriteLine(lastLines);
        }
    }

    /// <summary>The table of where everything is, printed once all resources are ready.</summary>
    public void Summary(IReadOnlyList<Resource> resources, string telemetry)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("  Everruns is running.");
        text.AppendLine();
        text.AppendLine($"  {"Resource",-10}{"State",-9}{"PID",-9}Endpoint");
        foreach (var resource in resources)
        {
            text.AppendLine($"  {resource.Name,-10}{resource.State,-9}{resource.ProcessId?.ToString() ?? "-",-9}{resource.Endpoint ?? "-"}");
        }

        text.AppendLine();

        // Front-most first: the resources declared last are the ones a person opens.
        foreach (var (label, value) in resources.Reverse().SelectMany(resource => resource.Details))
        {
            text.AppendLine($"  {label,-12}{value}");
        }

        text.AppendLine($"  {"Telemetry",-12}{telemetry}");
        text.AppendLine();
        text.AppendLine("  Press Ctrl+C to stop.");
        Console.Out.WriteLine(text.ToString());
    }
}
