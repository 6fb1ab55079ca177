namespace Everruns.Bench;

public sealed record ScenarioResult(
    string Name,
    int Runs,
    int Failed,
    double Seconds,
    double RunsPerSecond,
    double DeliveryP50Ms,
    double DeliveryP99Ms,
    double DeliveryP99AllStreamingMs,
    double TtftOverheadP50Ms,
    double WritesPer1000Tokens,
    long Tokens,
    long LostOrGapped,
    double MemoryMiB,
    double ApiCpuMsPerRun);

public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1)];
}
