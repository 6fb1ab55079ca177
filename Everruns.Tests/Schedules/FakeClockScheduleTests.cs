using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Everruns.Tests.Schedules;

/// <summary>
/// The real API and scheduler on a real database, with the API's clock a <see cref="FakeTimeProvider"/>: schedules
/// in time zones fire at the right instants across daylight saving changes, and a long stretch of missed fires is
/// made up once.
/// </summary>
public sealed class FakeClockScheduleTests(ApiFixture api) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(Utc("2026-03-28T12:00:00"));
    private ApiFactory factory = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        factory = new ApiFactory(
            await api.Postgres.CreateDatabaseAsync("everruns_schedules_clock"),
            ApiFixture.Settings,
            builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        client = factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await api.Postgres.DropDatabaseAsync(factory.ConnectionString);
    }

    [Fact]
    public async Task Schedules_fire_at_their_wall_clock_times_across_daylight_saving_and_make_up_a_missed_stretch_once()
    {
        var agent = await client.CreateAgentAsync();
        // Berlin: 02:30 does not exist on 29 March 2026 and comes twice on 25 October 2026.
        var night = await client.CreateScheduleAsync(agent.Id(), "30 2 * * *", "Night report.", "Europe/Berlin");
        var morning = await client.CreateScheduleAsync(agent.Id(), "0 9 * * *", "Morning report.", "Europe/Berlin");
        var hourly = await client.CreateScheduleAsync(agent.Id(), "0 * * * *", "Hourly, never made up.", "UTC", missedFires: "skip");
        Assert.Equal(Utc("2026-03-29T01:00:00"), night.Time("next_fire_at"));
        Assert.Equal(Utc("2026-03-29T07:00:00"), morning.Time("next_fire_at"));
        Assert.Equal(Utc("2026-03-28T13:00:00"), hourly.Time("next_fire_at"));
        await client.PostAsync($"/v1/schedules/{hourly.Id()}/pause", null);

        // Spring forward: the night fire comes right after the gap, at 03:00 CEST.
        await SetClockAsync("2026-03-29T01:00:00");
        var fire = Assert.Single(await client.WaitForFiresAsync(night.Id(), 1));
        AssertFired(fire, scheduledFor: "2026-03-29T01:00:00", firedAt: "2026-03-29T01:00:00");
        Assert.Equal(Utc("2026-03-30T00:30:00"), (await ScheduleAsync(night)).Time("next_fire_at"));
        Assert.Empty(await client.FiresAsync(morning.Id()));

        // 09:00 is now 07:00 UTC (it was 08:00 the day before).
        await SetClockAsync("2026-03-29T07:00:00");
        AssertFired(Assert.Single(await client.WaitForFiresAsync(morning.Id(), 1)), "2026-03-29T07:00:00", "2026-03-29T07:00:00");
        Assert.Equal(Utc("2026-03-30T07:00:00"), (await ScheduleAsync(morning)).Time("next_fire_at"));

        // Nothing runs for seven months: each schedule that makes up missed fires runs once for the whole stretch,
        // for its first missed occurrence, and then goes on from now. One that skips them records a skipped fire.
        await client.PostAsync($"/v1/schedules/{hourly.Id()}/resume", null);
        Assert.Equal(Utc("2026-03-29T08:00:00"), (await ScheduleAsync(hourly)).Time("next_fire_at"));
        await SetClockAsync("2026-10-24T12:00:00");
        AssertFired((await client.WaitForFiresAsync(night.Id(), 2))[1], "2026-03-30T00:30:00", "2026-10-24T12:00:00");
        AssertFired((await client.WaitForFiresAsync(morning.Id(), 2))[1], "2026-03-30T07:00:00", "2026-10-24T12:00:00");
        var skipped = Assert.Single(await client.WaitForFiresAsync(hourly.Id(), 1));
        Assert.Equal("skipped", skipped.Text("outcome"));
        Assert.Equal("missed", skipped.Text("reason"));
        Assert.Null(skipped["run_id"]);
        Assert.Equal(Utc("2026-03-29T08:00:00"), skipped.Time("scheduled_for"));
        Assert.Equal(Utc("2026-10-25T00:30:00"), (await ScheduleAsync(night)).Time("next_fire_at"));
        Assert.Equal(Utc("2026-10-25T08:00:00"), (await ScheduleAsync(morning)).Time("next_fire_at"));
        Assert.Equal(Utc("2026-10-24T13:00:00"), (await ScheduleAsync(hourly)).Time("next_fire_at"));
        await client.PostAsync($"/v1/schedules/{hourly.Id()}/pause", null);

        // Fall back: the night fire comes at the first 02:30 (CEST), and not again an hour later at 02:30 CET.
        await SetClockAsync("2026-10-25T00:30:00");
        AssertFired((await client.WaitForFiresAsync(night.Id(), 3))[2], "2026-10-25T00:30:00", "2026-10-25T00:30:00");
        Assert.Equal(Utc("2026-10-26T01:30:00"), (await ScheduleAsync(night)).Time("next_fire_at"));
        var witness = await client.CreateScheduleAsync(agent.Id(), "30 1 * * *", "Witness.", "UTC");
        await SetClockAsync("2026-10-25T01:30:00");
        await client.WaitForFiresAsync(witness.Id(), 1);
        Assert.Equal(3, (await client.FiresAsync(night.Id())).Count);

        // 09:00 is 08:00 UTC again.
        await SetClockAsync("2026-10-25T08:00:00");
        AssertFired((await client.WaitForFiresAsync(morning.Id(), 3))[2], "2026-10-25T08:00:00", "2026-10-25T08:00:00");

        // Every fire that started a run is one run of its schedule, answered on a thread of its own.
        foreach (var schedule in new[] { night, morning })
        {
            var fires = (await client.FiresAsync(schedule.Id())).Where(f => f.Text("outcome") == "started").ToList();
            var runs = (await client.GetJsonAsync($"/v1/runs?schedule_id={schedule.Id()}"))["data"]!.AsArray();
            Assert.Equal(fires.Select(f => f.Text("run_id")).Order(), runs.Select(r => r!.Id()).Order());
            Assert.Equal(fires.Count, fires.Select(f => f.Text("thread_id")).Distinct().Count());
            foreach (var run in runs)
            {
                await client.WaitForStatusAsync(run!.Id(), "completed");
            }
        }

        Assert.Equal(0, (await client.GetJsonAsync($"/v1/runs?schedule_id={hourly.Id()}"))["total"]!.GetValue<long>());
    }

    private async Task SetClockAsync(string utc)
    {
        clock.SetUtcNow(Utc(utc));
        await Task.Yield();
    }

    private Task<JsonNode> ScheduleAsync(JsonNode schedule) => client.GetJsonAsync($"/v1/schedules/{schedule.Id()}");

    private static void AssertFired(JsonNode fire, string scheduledFor, string firedAt)
    {
        Assert.Equal("cron", fire.Text("trigger"));
        Assert.Equal("started", fire.Text("outcome"));
        Assert.NotNull(fire["run_id"]);
        Assert.Equal(Utc(scheduledFor), fire.Time("scheduled_for"));
        Assert.Equal(Utc(firedAt), fire.Time("fired_at"));
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
