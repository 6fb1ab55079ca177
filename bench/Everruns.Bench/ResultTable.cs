using System.Globalization;

namespace Everruns.Bench;

public static class ResultTable
{
    public static void Print(IReadOnlyList<ScenarioResult> results, BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"Everruns benchmark: simulator at {options.TokensPerSecond} tokens/s, {options.TokensPerRun} tokens per streaming run, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| scenario | runs | failed | seconds | runs/s | delivery p50 ms | delivery p99 ms | delivery p99 ms, all streaming | TTFT overhead p50 ms | DB writes / 1000 tokens | tokens | lost or gapped | API memory MiB | API CPU ms / run |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Runs} | {r.Failed} | {r.Seconds:F1} | {r.RunsPerSecond:F1} | {r.DeliveryP50Ms:F0} | {r.DeliveryP99Ms:F0} | {(double.IsNaN(r.DeliveryP99AllStreamingMs) ? "-" : r.DeliveryP99AllStreamingMs.ToString("F0", CultureInfo.InvariantCulture))} | {r.TtftOverheadP50Ms:F1} | {r.WritesPer1000Tokens:F1} | {r.Tokens} | {r.LostOrGapped} | {r.MemoryMiB:F0} | {r.ApiCpuMsPerRun:F1} |"));
        }
    }
}
