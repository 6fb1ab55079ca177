using System.Diagnostics;

namespace Everruns.Bench;

/// <summary><paramref name="concurrency"/> runs streaming at once, each followed by its own SSE client.</summary>
public static class StreamingScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchStack stack, BenchOptions options, int concurrency)
    {
        var client = new BenchClient(stack.Client);
        var agent = await client.CreateAgentAsync();
        var writesBefore = await stack.WriteTransactionCounterAsync();
        var clock = Stopwatch.StartNew();
        var peakMemory = 0.0;
        var sampling = Task.Run(async () =>
        {
            while (clock.Elapsed < TimeSpan.FromHours(1))
            {
                peakMemory = Math.Max(peakMemory, stack.ApiMemoryMiB());
                await Task.Delay(200);
            }
        });

        var observations = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i =>
            client.RunAsync(agent, $"Streaming run {i} of {concurrency}. [long:{options.TokensPerRun}]")));
        var elapsed = clock.Elapsed.TotalSeconds;
        var writes = await stack.WriteTransactionCounterAsync() - writesBefore - 1;

        var latencies = observations.SelectMany(o => o.DeliveryLatenciesMs).Order().ToList();
        var overheads = observations.Where(o => o.TimeToFirstTokenMs >= 0)
            .Select(o => o.TimeToFirstTokenMs - o.SimulatorTimeToFirstTokenMs).Order().ToList();
        // Deltas within a flush window are coalesced, so events are fewer than tokens: count the tokens asked for.
        var expectedTokens = (long)concurrency * options.TokensPerRun;
        return new ScenarioResult(
            $"{concurrency} concurrent streaming",
            concurrency,
            observations.Count(o => !o.Finished),
            elapsed,
            concurrency / elapsed,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            Percentiles.Of(overheads, 50),
            writes * 1000.0 / expectedTokens,
            expectedTokens,
            observations.Count(o => !o.GapFree || !o.Finished),
            peakMemory);
    }
}
