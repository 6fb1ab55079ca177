using System.Globalization;

namespace Everruns.Bench;

public sealed record BenchOptions(
    IReadOnlyList<int> Levels,
    int TokensPerSecond,
    int TokensPerRun,
    int ShortRuns,
    int ShortRunConcurrency,
    int WarmupRuns,
    int RampMs,
    int SequentialRuns,
    bool Timeline,
    string? ConnectionString,
    int RecoveryRuns)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var levels = Value("--levels")?.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList() ?? [1, 50, 500];
        return new BenchOptions(
            levels,
            Number("--tokens-per-second", 20),
            Number("--tokens", 100),
            Number("--short-runs", 2000),
            Number("--short-concurrency", 64),
            Number("--warmup-runs", 500),
            Number("--ramp-ms", 1000),
            Number("--sequential-runs", 100),
            args.Contains("--timeline"),
            Value("--connection-string"),
            Number("--recovery-runs", 50));
    }
}
