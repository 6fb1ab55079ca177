using Everruns.Tests.Infrastructure;
using Everruns.Tests.Scenarios.Temporal;
using Everruns.Tests.Temporal;
using Everruns.Tests.Tools;
using Everruns.Worker.Temporal;
using Temporalio.Common;
using Temporalio.Worker;

namespace Everruns.Tests.Scenarios;

/// <summary>Runs a scenario on a stack and checks what was stored, the same way for every runner.</summary>
public static class Scenarios
{
    public static TheoryData<string> Names => [.. ScenarioCatalog.All.Select(scenario => scenario.Name)];

    public static async Task<Guid> RunAsync(IScenarioStack stack, Scenario scenario)
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"refunded":true}""");
        var run = new ScenarioRun(stack, scenario, receiver);
        await run.StartAsync();
        await scenario.Act(run);
        scenario.Expect(await run.ReadOutcomeAsync());
        return run.RunId;
    }

    public static async Task AssertReplaysAsync(WorkflowHistory history, string what)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<AgentRunWorkflow>());
        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        Assert.True(result.ReplayFailure is null, $"The workflow does not replay {what}: {result.ReplayFailure}");
    }
}

/// <summary>Every scenario in-process: the API executes the run itself.</summary>
public sealed class InProcessScenarioTests(ApiFixture fixture)
{
    public static TheoryData<string> Names => Scenarios.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_scenario_runs_in_process(string name)
    {
        var scenario = ScenarioCatalog.Named(name);
        await using var stack = await InProcessStack.StartAsync(fixture.Postgres, scenario.StackSettings());
        await Scenarios.RunAsync(stack, scenario);
    }
}

/// <summary>
/// Every scenario in Temporal mode without a server: the API in Temporal mode, the workflow run by replaying the
/// history its simulated server writes, its activities in <c>ActivityEnvironment</c> against the same database.
/// The history it makes must be the one checked in (the workflow must replay that one too).
/// </summary>
public sealed class TemporalReplayedScenarioTests(ApiFixture fixture)
{
    public static TheoryData<string> Names => Scenarios.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_scenario_runs_on_a_replayed_workflow_as_its_history_says(string name)
    {
        var scenario = ScenarioCatalog.Named(name);
        var checkedIn = ScenarioHistories.Load(name);
        if (checkedIn is not null)
        {
            await Scenarios.AssertReplaysAsync(checkedIn, $"the history checked in for {name}");
        }

        await using var stack = await TemporalReplayStack.StartAsync(fixture.Postgres, scenario.StackSettings());
        var runId = await Scenarios.RunAsync(stack, scenario);

        var built = (await stack.HistoryAsync(runId))!;
        await Scenarios.AssertReplaysAsync(built, $"the history built for {name}");
        if (ScenarioHistories.Refreshing)
        {
            ScenarioHistories.Save(name, built);
            return;
        }

        Assert.True(checkedIn is not null, $"No history is checked in for {name}: run the scenario tests with EVERRUNS_REFRESH_HISTORIES=1 (see docs/temporal.md).");
        Assert.Equal(HistorySkeleton.Of(checkedIn), HistorySkeleton.Of(built));
    }
}

/// <summary>
/// Every scenario in Temporal mode on the server at <c>TEMPORAL_ADDRESS</c>, with a worker process; skipped without
/// one. The history the server recorded must be the one checked in (with EVERRUNS_REFRESH_HISTORIES=1 it replaces it).
/// </summary>
public sealed class TemporalLiveScenarioTests(ApiFixture fixture)
{
    public static TheoryData<string> Names => Scenarios.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_scenario_runs_on_a_temporal_server(string name)
    {
        LiveTemporalStack.SkipWithoutServer();
        var scenario = ScenarioCatalog.Named(name);
        await using var stack = await TemporalServerStack.StartAsync(fixture.Postgres, scenario.StackSettings());
        var runId = await Scenarios.RunAsync(stack, scenario);

        var recorded = (await stack.HistoryAsync(runId))!;
        await Scenarios.AssertReplaysAsync(recorded, $"the history the server recorded for {name}");
        if (ScenarioHistories.Refreshing)
        {
            ScenarioHistories.Save(name, recorded);
        }
        else if (ScenarioHistories.Load(name) is { } checkedIn)
        {
            Assert.Equal(HistorySkeleton.Of(checkedIn), HistorySkeleton.Of(recorded));
        }
    }
}
