using Everruns.Tests.Infrastructure;
using Everruns.Tests.Temporal;
using Everruns.Worker.Temporal;

namespace Everruns.Tests.Schedules;

/// <summary>In Temporal mode a schedule's fire starts its run as any other start does: as workflow <c>run-{runId}</c>.</summary>
public sealed class TemporalModeScheduleTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_fire_in_temporal_mode_starts_the_workflow_of_its_run()
    {
        var temporal = new RecordingTemporalClient();
        await using var api = await TemporalModeApi.StartAsync(fixture.Postgres, temporal.Client);
        using var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), "* * * * * *", "Every second.");

        var fire = (await client.WaitForFiresAsync(schedule.Id(), 1))[0];
        await client.PostAsync($"/v1/schedules/{schedule.Id()}/pause", null);

        Assert.Equal("started", fire.Text("outcome"));
        var runId = Guid.Parse(fire.Text("run_id"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!temporal.Started.ContainsKey(AgentRunWorkflow.IdFor(runId)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No workflow was started for run {runId}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var start = temporal.Started[AgentRunWorkflow.IdFor(runId)];
        Assert.Equal(TemporalModeApi.TaskQueue, start.Options.TaskQueue);
        Assert.Equal(new AgentRunInput(runId), Assert.Single(start.Args));
        Assert.Equal("pending", (await client.GetJsonAsync($"/v1/runs/{runId}")).Text("status"));
    }
}
