using System.Diagnostics;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Thousands of generated malformed requests to every endpoint that takes input (the hand-written cases are in
/// <c>Api/BadInputTests</c>). Every answer is checked (no 5xx; problem details for every 4xx; no stack trace or SQL
/// text), and after every batch the database must hold only what accepted requests wrote. The generator is
/// deterministic: a failure names its seed, and <c>EVERRUNS_BAD_INPUT_SEED</c> runs another.
/// </summary>
public sealed class GeneratedBadInputTests(ApiFixture api, ITestOutputHelper output) : IAsyncLifetime
{
    public const int DefaultSeed = 80_808;

    private const int BatchSize = 16;

    private const int Parallelism = 4;

    private OwnApi own = null!;

    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EVERRUNS_BAD_INPUT_SEED"), out var seed) ? seed : DefaultSeed;

    public static TheoryData<string> Families() => ["agents", "threads", "runs", "ag-ui", "schedules"];

    public async ValueTask InitializeAsync() =>
        // Nothing fires in the background: every row written must be one an accepted request explains.
        own = await OwnApi.StartAsync(
            api.Postgres, "everruns_generated_bad_input", new Dictionary<string, string?>(OwnApi.QueueOnly) { ["Schedules:Enabled"] = "false" });

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Thousands_of_malformed_requests_get_problem_details_and_write_nothing(string family)
    {
        var world = await BadInputWorld.CreateAsync(own.Client, own.ConnectionString);
        var random = new Random(Seed);
        var requests = family switch
        {
            "agents" => AgentRequests.All(world, random),
            "threads" => ThreadRequests.All(world, random),
            "runs" => RunRequests.All(world, random),
            "ag-ui" => AgUiRequests.All(world, random),
            "schedules" => ScheduleRequests.All(world, (await own.Client.CreateScheduleAsync(world.AgentId, "0 9 1 1 *")).Id(), random),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
        };
        var runner = new BadInputRunner(own.Client, own.ConnectionString);
        var clock = Stopwatch.StartNew();

        await runner.RunAsync(requests, BatchSize, Parallelism);

        output.WriteLine(
            $"Seed {Seed}, {family}: {runner.Tally.Total} requests in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"{runner.UncheckedBatches} database checks skipped after accepted requests with unknown writes.");
        output.WriteLine(runner.Tally.ToString());
        Assert.True(
            runner.Failures.Count == 0,
            $"Seed {Seed}, {family}: {runner.Failures.Count} failures in {runner.Tally.Total} requests:\n" +
            string.Join("\n", runner.Failures.Take(40)));
        Assert.InRange(runner.Tally.Total, 1000, int.MaxValue);
    }
}
