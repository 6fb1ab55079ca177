using System.Diagnostics;

namespace Everruns.Bench;

/// <summary>Many short runs back to back from a pool of clients: how many runs per second complete.</summary>
public static class ShortRunsScenario
{
    private const int TokensPerRun = 5;

    public static async Task<ScenarioResult> RunAsync(BenchStack stack, BenchOptions options)
    {
        var client = new BenchClient(stack.Client);
        // sim/fast streams as fast as it can: this measures the platform, not the model.
        var agent = await client.CreateAgentAsync("sim/fast");
        var remaining = options.ShortRuns;
        var observations = new System.Collections.Concurrent.ConcurrentBag<RunObservation>();
        var writesBefore = await stack.WriteTransactionCounterAsync();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.ShortRunConcurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                observations.Add(await client.RunAsync(agent, $"Short. [long:{TokensPerRun}]"));
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var writes = await stack.WriteTransactionCounterAsync() - writesBefore - 1;
        var latencies = observations.SelectMany(o => o.DeliveryLatenciesMs).Order().ToList();
        var overheads = observations.Where(o => o.TimeToFirstTokenMs >= 0)
            .Select(o => o.TimeToFirstTokenMs - o.SimulatorTimeToFirstTokenMs).Order().ToList();
        var tokens = (long)options.ShortRuns * TokensPerRun;
        return new ScenarioResult(
            "short runs",
            options.ShortRuns,
            observations.Count(o => !o.Finished),
            elapsed,
            options.ShortRuns / elapsed,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            Percentiles.Of(overheads, 50),
            writes * 1000.0 / tokens,
            tokens,
            observations.Count(o => !o.GapFree || !o.Finished),
            stack.ApiMemoryMiB());
    }
}
