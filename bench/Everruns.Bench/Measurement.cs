using System.Diagnostics;

namespace Everruns.Bench;

/// <summary>The clock, the database's write counter and the API's CPU time over one scenario.</summary>
public sealed class Measurement
{
    private readonly BenchStack stack;
    private readonly long writesBefore;
    private readonly TimeSpan cpuBefore;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private Measurement(BenchStack stack, long writesBefore)
    {
        this.stack = stack;
        this.writesBefore = writesBefore;
        cpuBefore = stack.ApiCpuTime();
    }

    public static async Task<Measurement> StartAsync(BenchStack stack) => new(stack, await stack.WriteTransactionCounterAsync());

    public async Task<ScenarioResult> FinishAsync(string name, IReadOnlyList<RunObservation> observations, long tokens, double memoryMiB)
    {
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = stack.ApiCpuTime() - cpuBefore;
        // The reading itself takes a transaction id too.
        var writes = await stack.WriteTransactionCounterAsync() - writesBefore - 1;
        var latencies = observations.SelectMany(o => o.DeliveryLatenciesMs).Order().ToList();
        var overheads = observations.Where(o => o.TimeToFirstTokenMs >= 0)
            .Select(o => o.TimeToFirstTokenMs - o.SimulatorTimeToFirstTokenMs).Order().ToList();
        // While every run streams: from the moment the last run's first token arrived to the moment the first run's
        // last token did (none when the runs did not all stream at once).
        var allStreaming = observations.Count < 2 ? [] : AllStreaming(observations);
        return new ScenarioResult(
            name,
            observations.Count,
            observations.Count(o => !o.Finished),
            elapsed,
            observations.Count / elapsed,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            Percentiles.Of(allStreaming, 99),
            Percentiles.Of(overheads, 50),
            writes * 1000.0 / tokens,
            tokens,
            observations.Count(o => !o.GapFree || !o.Finished),
            memoryMiB,
            cpu.TotalMilliseconds / observations.Count);
    }

    private static List<double> AllStreaming(IReadOnlyList<RunObservation> observations)
    {
        var from = observations.Max(o => o.TokensReceivedAtMs.First);
        var to = observations.Min(o => o.TokensReceivedAtMs.Last);
        return [.. observations
            .SelectMany(o => o.ReceivedAtMs.Zip(o.DeliveryLatenciesMs))
            .Where(d => d.First >= from && d.First <= to)
            .Select(d => d.Second)
            .Order()];
    }
}
