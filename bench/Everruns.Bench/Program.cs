using Everruns.Bench;

// Drives the real API over HTTP with the model simulator and prints a table of figures.
// Usage: dotnet run -c Release --project bench/Everruns.Bench [-- --levels 1,50,500 --tokens-per-second 20 --tokens 100]
var options = BenchOptions.Parse(args);
await using var stack = await BenchStack.StartAsync(options);
var results = new List<ScenarioResult>
{
    await ShortRunsScenario.RunAsync(stack, options),
};
foreach (var concurrency in options.Levels)
{
    results.Add(await StreamingScenario.RunAsync(stack, options, concurrency));
}

ResultTable.Print(results, options);
