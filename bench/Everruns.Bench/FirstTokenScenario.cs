namespace Everruns.Bench;

/// <summary>
/// Runs one at a time on an otherwise idle platform, each streaming a few tokens at the simulator's rate: what the
/// platform adds to a model's time to first token when nothing else competes.
/// </summary>
public static class FirstTokenScenario
{
    private const int TokensPerRun = 5;

    public static async Task<(ScenarioResult Result, IReadOnlyList<RunObservation> Observations)> RunAsync(BenchStack stack, BenchOptions options)
    {
        var client = new BenchClient(stack.Client);
        var agent = await client.CreateAgentAsync();
        var threads = new List<string>();
        for (var i = 0; i < options.SequentialRuns; i++)
        {
            threads.Add(await client.NewThreadAsync(agent, $"One at a time, run {i}. [long:{TokensPerRun}]"));
        }

        var measurement = await Measurement.StartAsync(stack);
        var observations = new List<RunObservation>();
        foreach (var thread in threads)
        {
            observations.Add(await client.RunAsync(thread));
        }

        var result = await measurement.FinishAsync("one run at a time", observations, (long)options.SequentialRuns * TokensPerRun, stack.ApiMemoryMiB());
        return (result, observations);
    }
}
