using System.Globalization;
using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Output;

/// <summary>The resource table: name, state, health, restarts, process id and URL, one row per resource.</summary>
internal static class ResourceTable
{
    private static readonly string[] Header = ["NAME", "STATE", "HEALTH", "RESTARTS", "PID", "URL"];

    public static IReadOnlyList<string> Render(IEnumerable<Resource> resources)
    {
        var rows = resources.Select(Row).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(column => rows.Max(row => row[column].Length) + 2).ToArray();
        return rows.Select(row => "  " + string.Concat(row.Select((cell, column) =>
            column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd()).ToList();
    }

    /// <summary>The state with what it is about, e.g. "Starting (npm ci)" or "Failed (exit code 3)".</summary>
    public static string State(Resource resource) =>
        resource.StateDetail is { } detail ? $"{resource.State} ({detail})" : resource.State.ToString();

    private static string[] Row(Resource resource) =>
    [
        resource.Name,
        State(resource),
        resource.Health == HealthStatus.Unknown ? "-" : resource.Health.ToString(),
        resource.Restarts.ToString(CultureInfo.InvariantCulture),
        resource.State is ResourceState.Starting or ResourceState.Running or ResourceState.Stopping
            ? resource.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-"
            : "-",
        resource.Endpoint ?? "-",
    ];
}
