using Everruns.Bench;

// Drives the real API over HTTP with the model simulator and prints a table of figures.
// Usage: dotnet run -c Release --project bench/Everruns.Bench [-- --levels 1,50,500 --tokens-per-second 20 --tokens 100]
var options = BenchOptions.Parse(args);
Timeline.Enabled = options.Timeline;
await using var stack = await BenchStack.StartAsync(options);

// A fresh process compiles its hot paths for a while: warm the API (and this client) up, unmeasured.
if (options.WarmupRuns > 0)
{
    await ShortRunsScenario.RunAsync(stack, options with { ShortRuns = options.WarmupRuns });
    // Also at the highest concurrency: its paths (500 streams at once, say) are compiled by the runtime only once
    // they run, and a scenario measured on them cold uses twice the CPU per run.
    await StreamingScenario.RunAsync(stack, options with { TokensPerRun = 20 }, options.Levels.DefaultIfEmpty(100).Max());
}

var results = new List<ScenarioResult>
{
    await ShortRunsScenario.RunAsync(stack, options),
    await ShortRunsScenario.RunAsync(stack, options, withNewThreads: true),
};
var oneAtATime = await FirstTokenScenario.RunAsync(stack, options);
results.Add(oneAtATime.Result);
foreach (var concurrency in options.Levels)
{
    results.Add(await StreamingScenario.RunAsync(stack, options, concurrency));
}

// Last: it kills the API and starts it again.
var recovery = options.RecoveryRuns > 0 ? await RecoveryScenario.RunAsync(stack, options) : null;

ResultTable.Print(results, options);
FirstTokenPathTable.Print(oneAtATime.Observations);
if (recovery is not null)
{
    RecoveryScenario.Print(recovery);
}

if (options.Timeline)
{
    Timeline.Print();
}
