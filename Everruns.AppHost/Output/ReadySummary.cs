using System.Globalization;
using System.Text;
using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Output;

/// <summary>What is printed once every resource is healthy: where to open what.</summary>
internal static class ReadySummary
{
    public static string Format(IReadOnlyList<Resource> resources, string telemetry, TimeSpan startup, bool withTable)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  Everruns is running (ready {startup.TotalSeconds:0.0} s after the AppHost started)."));
        text.AppendLine();
        if (withTable)
        {
            foreach (var line in ResourceTable.Render(resources))
            {
                text.AppendLine(line);
            }

            text.AppendLine();
        }

        // Front-most first: the resources declared last are the ones a person opens.
        foreach (var (label, value) in resources.Reverse().SelectMany(resource => resource.Details))
        {
            text.AppendLine($"  {label,-12}{value}");
        }

        text.AppendLine($"  {"Telemetry",-12}{telemetry}");
        text.AppendLine();
        text.Append("  Press Ctrl+C to stop.");
        return text.ToString();
    }
}
