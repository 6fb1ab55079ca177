using System.Text.Json.Nodes;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Schedules;

/// <summary>
/// A schedule with a seconds field, fired by two API processes on one database: each occurrence is fired once, on
/// time, while both run, while one is killed, and after every instance was down and both started again (the missed
/// stretch is made up by one fire).
/// </summary>
public sealed class ScheduleInstancesTests(ApiFixture api)
{
    private const int PeriodSeconds = 2;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Models__Simulator__TokensPerSecond"] = "200",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task A_schedule_fires_each_occurrence_once_and_on_time_across_two_instances_and_a_restart()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_schedule_instances");
        var (portA, portB) = (FreePort.Find(), FreePort.Find());
        var first = await ApiProcess.StartAsync(connectionString, portA, Settings);
        ApiProcess? second = null;
        try
        {
            second = await ApiProcess.StartAsync(connectionString, portB, Settings);
            using var client = new HttpClient { BaseAddress = first.Address };
            var agent = await client.CreateAgentAsync();
            var schedule = await client.CreateScheduleAsync(agent.Id(), $"*/{PeriodSeconds} * * * * *", "Tick.");

            await Task.Delay(TimeSpan.FromSeconds(8), TestContext.Current.CancellationToken);
            await first.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            await second.KillAsync();
            var allDown = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(7), TestContext.Current.CancellationToken);
            await first.DisposeAsync();
            await second.DisposeAsync();
            first = await ApiProcess.StartAsync(connectionString, portA, Settings);
            second = await ApiProcess.StartAsync(connectionString, portB, Settings);
            await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            await client.PostAsync($"/v1/schedules/{schedule.Id()}/pause", null, TestContext.Current.CancellationToken);

            var fires = (await client.FiresAsync(schedule.Id())).OrderBy(f => f.Time("scheduled_for")).ToList();
            var logs = $"Fires: {new JsonArray([.. fires.Select(f => f.DeepClone())])}\nAPI A:\n{first.RecentOutput}\nAPI B:\n{second.RecentOutput}";
            Assert.True(fires.Count >= 10, logs);
            Assert.All(fires, fire => Assert.True(fire.Text("outcome") == "started", logs));
            Assert.All(fires, fire => Assert.Equal(0, fire.Time("scheduled_for").ToUnixTimeMilliseconds() % (PeriodSeconds * 1000)));

            // Once: no occurrence fired twice, no run made twice.
            Assert.Equal(fires.Count, fires.Select(f => f.Time("scheduled_for")).Distinct().Count());
            var runs = (await client.GetJsonAsync($"/v1/runs?schedule_id={schedule.Id()}&limit=200"))["data"]!.AsArray().Select(r => r!).ToList();
            Assert.Equal(fires.Select(f => f.Text("run_id")).Order(), runs.Select(r => r.Id()).Order());

            // One fire made up the stretch when every instance was down: the first occurrence after the last fire
            // before it, fired when an instance was back; none of the occurrences it covers fired on its own.
            var late = fires.Where(f => Lateness(f) > TimeSpan.FromSeconds(PeriodSeconds)).ToList();
            var madeUp = Assert.Single(late);
            Assert.True(madeUp.Time("scheduled_for") <= allDown + TimeSpan.FromSeconds(PeriodSeconds), logs);
            Assert.True(madeUp.Time("fired_at") > allDown + TimeSpan.FromSeconds(7), logs);
            Assert.DoesNotContain(fires, f => f.Time("scheduled_for") > madeUp.Time("scheduled_for") && f.Time("scheduled_for") < madeUp.Time("fired_at"));

            // Every other occurrence fired on time, by one instance or the other, and none was left out.
            var onTime = fires.Except(late).ToList();
            Assert.All(onTime, fire => Assert.True(Lateness(fire) < TimeSpan.FromSeconds(1.5), $"{fire.ToJsonString()} was late.\n{logs}"));
            for (var i = 1; i < fires.Count; i++)
            {
                var gap = fires[i].Time("scheduled_for") - fires[i - 1].Time("scheduled_for");
                Assert.True(gap == TimeSpan.FromSeconds(PeriodSeconds) || fires[i] == FirstAfter(fires, madeUp), $"A gap of {gap} before {fires[i].ToJsonString()}.\n{logs}");
            }

            // Each run answered the schedule's message on a thread of its own.
            foreach (var fire in fires)
            {
                await client.WaitForStatusAsync(fire.Text("run_id"), "completed", TimeSpan.FromSeconds(60));
                var messages = (await client.GetJsonAsync($"/v1/threads/{fire.Text("thread_id")}/messages"))["data"]!.AsArray();
                Assert.Equal(["user", "assistant"], messages.Select(m => m!.Text("role")));
                Assert.Equal("Tick.", messages[0]!.Text("content"));
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static TimeSpan Lateness(JsonNode fire) => fire.Time("fired_at") - fire.Time("scheduled_for");

    /// <summary>The fire after the made-up one: the gap before it is the stretch nobody fired.</summary>
    private static JsonNode? FirstAfter(List<JsonNode> fires, JsonNode madeUp) =>
        fires.SkipWhile(f => f != madeUp).Skip(1).FirstOrDefault();
}
