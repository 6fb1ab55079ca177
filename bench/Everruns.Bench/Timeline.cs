using System.Globalization;

namespace Everruns.Bench;

/// <summary>With <c>--timeline</c>: delivery latency per half second of the whole benchmark, to see where the slow events are.</summary>
public static class Timeline
{
    private static readonly List<(long ReceivedMs, double LatencyMs)> Deliveries = [];

    public static bool Enabled { get; set; }

    public static void Record(long receivedMs, double latencyMs)
    {
        if (!Enabled)
        {
            return;
        }

        lock (Deliveries)
        {
            Deliveries.Add((receivedMs, latencyMs));
        }
    }

    public static void Print()
    {
        if (Deliveries.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("| second | events | delivery p50 ms | delivery p99 ms |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        var start = Deliveries.Min(d => d.ReceivedMs);
        foreach (var slice in Deliveries.GroupBy(d => (d.ReceivedMs - start) / 500).OrderBy(g => g.Key))
        {
            var latencies = slice.Select(d => d.LatencyMs).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {slice.Key * 0.5:F1} | {latencies.Count} | {Percentiles.Of(latencies, 50):F0} | {Percentiles.Of(latencies, 99):F0} |"));
        }
    }
}
