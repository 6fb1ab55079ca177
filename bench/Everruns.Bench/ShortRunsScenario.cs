using System.Collections.Concurrent;

namespace Everruns.Bench;

/// <summary>Many short runs back to back from a pool of clients: how many runs per second complete.</summary>
public static class ShortRunsScenario
{
    private const int TokensPerRun = 5;
    private const string Message = "Short. [long:5]";

    /// <param name="withNewThreads">
    /// Whether each run's thread and message are made inside the measured time. Without, they are made before the
    /// clock starts, and a run is what the platform does from <c>POST /v1/runs</c> to the run's last event.
    /// </param>
    public static async Task<ScenarioResult> RunAsync(BenchStack stack, BenchOptions options, bool withNewThreads = false)
    {
        var client = new BenchClient(stack.Client);
        // sim/fast streams as fast as it can: this measures the platform, not the model.
        var agent = await client.CreateAgentAsync("sim/fast");
        var threads = new ConcurrentQueue<string>(withNewThreads ? [] : await PrepareThreadsAsync(client, agent, options));
        var remaining = options.ShortRuns;
        var observations = new ConcurrentBag<RunObservation>();
        var measurement = await Measurement.StartAsync(stack);
        await Task.WhenAll(Enumerable.Range(0, options.ShortRunConcurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var thread = withNewThreads ? await client.NewThreadAsync(agent, Message) : Dequeue(threads);
                observations.Add(await client.RunAsync(thread));
            }
        }));

        var name = withNewThreads ? "short runs, each with a new thread and message" : "short runs";
        return await measurement.FinishAsync(name, [.. observations], (long)options.ShortRuns * TokensPerRun, stack.ApiMemoryMiB());
    }

    private static string Dequeue(ConcurrentQueue<string> threads) =>
        threads.TryDequeue(out var thread) ? thread : throw new InvalidOperationException("Fewer threads were prepared than runs.");

    private static async Task<List<string>> PrepareThreadsAsync(BenchClient client, string agent, BenchOptions options)
    {
        var threads = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.ShortRuns), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, _) => threads.Add(await client.NewThreadAsync(agent, Message)));
        return [.. threads];
    }
}
