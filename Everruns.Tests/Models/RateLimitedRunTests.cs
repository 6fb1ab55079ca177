using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Models;

/// <summary>A run whose provider keeps rate limiting it: it waits as asked, then fails with its own code, not as unexpected.</summary>
public sealed class RateLimitedRunTests(ApiFixture api)
{
    [Fact]
    public async Task A_run_rate_limited_past_the_longest_wait_fails_with_model_rate_limited()
    {
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_rate_limited", new Dictionary<string, string?>
        {
            ["Models:Simulator:TokensPerSecond"] = "0",
            ["Models:RateLimitMaxWaitSeconds"] = "1",
        });
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskAsync(agent, $"Busy? {Guid.NewGuid()} [error:429:1]");
        var frames = await own.Client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Assert.Equal(AgUiEventTypes.RunError, frames[^1].Type);
        Assert.Equal("model_rate_limited", frames[^1].Json["code"]!.GetValue<string>());
        var failed = await own.Client.WaitForStatusAsync(run.Id(), "failed");
        Assert.Contains("rate limiting", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(
            DateTimeOffset.Parse(failed["finished_at"]!.GetValue<string>()) - DateTimeOffset.Parse(failed["started_at"]!.GetValue<string>())
                >= TimeSpan.FromMilliseconds(950),
            "the run waited the second the provider asked for before it gave up");
    }
}
