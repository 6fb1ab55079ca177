namespace Everruns.Bench;

/// <summary><paramref name="concurrency"/> runs streaming at once, each followed by its own SSE client.</summary>
public static class StreamingScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchStack stack, BenchOptions options, int concurrency)
    {
        var client = new BenchClient(stack.Client);
        var agent = await client.CreateAgentAsync();
        var threads = new string[concurrency];
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            threads[i] = await client.NewThreadAsync(agent, $"Streaming run {i} of {concurrency}. [long:{options.TokensPerRun}]"));

        var peakMemory = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakMemory = Math.Max(peakMemory, stack.ApiMemoryMiB());
                await Task.Delay(200, CancellationToken.None);
            }
        });

        var measurement = await Measurement.StartAsync(stack);
        // Clients arrive over the ramp rather than in the same millisecond, as they would in use.
        var observations = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async i =>
        {
            await Task.Delay(options.RampMs * i / concurrency);
            return await client.RunAsync(threads[i]);
        }));
        sampling.Cancel();
        await sampler;

        // Deltas within a flush window are coalesced, so events are fewer than tokens: count the tokens asked for.
        return await measurement.FinishAsync(
            $"{concurrency} concurrent streaming", observations, (long)concurrency * options.TokensPerRun, peakMemory);
    }
}
