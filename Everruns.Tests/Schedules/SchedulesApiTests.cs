using System.Net;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Schedules;

/// <summary>The schedules endpoints: create, read, list, change, pause, resume, delete, run now, and what they refuse.</summary>
public sealed class SchedulesApiTests(ApiFixture api)
{
    // Fires once a year, so that nothing fires during these tests unless asked to.
    private const string Rarely = "0 9 1 1 *";

    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task A_new_schedule_is_active_and_says_when_it_fires_next_in_its_time_zone()
    {
        var agent = await client.CreateAgentAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await client.PostAsync(
            "/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron = "0 9 * * *", timezone = "Europe/Berlin", message = "Good morning." }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var schedule = await response.ReadJsonAsync();
        Assert.Equal($"/v1/schedules/{schedule.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("active", schedule.Text("status"));
        Assert.Equal("0 9 * * *", schedule.Text("cron"));
        Assert.Equal("Europe/Berlin", schedule.Text("timezone"));
        Assert.Equal("Good morning.", schedule.Text("message"));
        Assert.Equal("run_once", schedule.Text("missed_fires"));
        Assert.Null(schedule["thread_id"]);
        Assert.Null(schedule["last_fire"]);
        Assert.Equal(NextNineOClockInBerlin(before), schedule.Time("next_fire_at"));

        var read = await client.GetJsonAsync($"/v1/schedules/{schedule.Id()}");
        Assert.Equal(schedule.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Schedules_are_listed_newest_first_in_the_list_envelope_and_filtered_by_agent_and_status()
    {
        var agent = await client.CreateAgentAsync();
        var first = await client.CreateScheduleAsync(agent.Id(), Rarely);
        var second = await client.CreateScheduleAsync(agent.Id(), Rarely, timezone: "America/New_York");
        await client.PostAsync($"/v1/schedules/{first.Id()}/pause", null);

        var all = await client.GetJsonAsync($"/v1/schedules?agent_id={agent.Id()}");
        Assert.Equal([second.Id(), first.Id()], all["data"]!.AsArray().Select(s => s!.Id()));
        Assert.Equal(2, all["total"]!.GetValue<long>());
        Assert.Equal(50, all["limit"]!.GetValue<int>());
        Assert.Equal(0, all["offset"]!.GetValue<int>());

        var paused = await client.GetJsonAsync($"/v1/schedules?agent_id={agent.Id()}&status=paused");
        Assert.Equal([first.Id()], paused["data"]!.AsArray().Select(s => s!.Id()));

        var paged = await client.GetJsonAsync($"/v1/schedules?agent_id={agent.Id()}&limit=1&offset=1");
        Assert.Equal([first.Id()], paged["data"]!.AsArray().Select(s => s!.Id()));
        Assert.Equal(2, paged["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("* * *", "cron has 3 fields; it needs five fields")]
    [InlineData("* * * * * * *", "cron has 7 fields")]
    [InlineData("61 * * * *", "cron is not a valid cron expression")]
    [InlineData("*/0 * * * * *", "cron is not a valid cron expression")]
    [InlineData("0 0 30 2 *", "cron never fires")]
    [InlineData("", "cron must be a cron expression")]
    [InlineData("every morning", "cron has 2 fields")]
    public async Task A_bad_cron_expression_gets_a_problem_saying_what_is_wrong(string cron, string expected)
    {
        var agent = await client.CreateAgentAsync();

        var problem = await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron, message = "Hi." })), HttpStatusCode.BadRequest);

        var error = Assert.Single(problem["errors"]!["cron"]!.AsArray())!.GetValue<string>();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetJsonAsync($"/v1/schedules?agent_id={agent.Id()}"))["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "timezone is not a known IANA time zone")]
    [InlineData("europe/berlin", "timezone is not a known IANA time zone")]
    [InlineData("Europe/Berlin ", "timezone is not a known IANA time zone")]
    [InlineData("../../../etc/passwd", "timezone is not a known IANA time zone")]
    [InlineData("+02:00", "timezone is not a known IANA time zone")]
    [InlineData("W. Europe Standard Time", "timezone is a Windows time zone name; use its IANA name, as 'Europe/Berlin'")]
    [InlineData(" ", "timezone must be an IANA time zone")]
    public async Task A_bad_time_zone_gets_a_problem_saying_what_is_wrong(string timezone, string expected)
    {
        var agent = await client.CreateAgentAsync();

        var problem = await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron = "0 9 * * *", timezone, message = "Hi." })),
            HttpStatusCode.BadRequest);

        var error = Assert.Single(problem["errors"]!["timezone"]!.AsArray())!.GetValue<string>();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetJsonAsync($"/v1/schedules?agent_id={agent.Id()}"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Every_wrong_field_is_named_at_once()
    {
        var agent = await client.CreateAgentAsync();

        var problem = await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron = "nope", timezone = "Nowhere/Town", message = " " })),
            HttpStatusCode.BadRequest);

        Assert.Equal(["cron", "message", "timezone"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_schedule_needs_an_agent_that_exists_and_is_not_archived_and_a_thread_of_that_agent()
    {
        var agent = await client.CreateAgentAsync();
        var other = await client.CreateAgentAsync();
        var othersThread = await client.CreateThreadAsync(other.Id());
        var archived = await client.CreateAgentAsync();
        await client.DeleteAsync($"/v1/agents/{archived.Id()}");

        await Problem.AssertAsync(await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = Guid.NewGuid(), cron = Rarely, message = "Hi." })), HttpStatusCode.NotFound);
        var refused = await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = archived.Id(), cron = Rarely, message = "Hi." })), HttpStatusCode.Conflict);
        Assert.Contains("archived", refused.Text("detail"), StringComparison.Ordinal);
        await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron = Rarely, message = "Hi.", thread_id = Guid.NewGuid() })),
            HttpStatusCode.NotFound);
        var wrongThread = await Problem.AssertAsync(
            await client.PostAsync("/v1/schedules", Json.Body(new { agent_id = agent.Id(), cron = Rarely, message = "Hi.", thread_id = othersThread.Id() })),
            HttpStatusCode.BadRequest);
        Assert.Contains("another agent", wrongThread["errors"]!["thread_id"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // A thread of no agent may be continued.
        var loose = await client.CreateThreadAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely, threadId: loose.Id());
        Assert.Equal(loose.Id(), schedule.Text("thread_id"));
    }

    [Fact]
    public async Task Changing_the_timetable_moves_the_next_fire_and_other_changes_leave_it()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var schedule = await client.CreateScheduleAsync(agent.Id(), "0 9 * * *", timezone: "Europe/Berlin");
        var next = schedule.Time("next_fire_at");

        var retitled = await PatchAsync(schedule.Id(), new { message = "New words.", thread_id = thread.Id(), missed_fires = "skip" }, HttpStatusCode.OK);
        Assert.Equal(next, retitled.Time("next_fire_at"));
        Assert.Equal("New words.", retitled.Text("message"));
        Assert.Equal(thread.Id(), retitled.Text("thread_id"));
        Assert.Equal("skip", retitled.Text("missed_fires"));

        var before = DateTimeOffset.UtcNow;
        var moved = await PatchAsync(schedule.Id(), new { timezone = "Asia/Tokyo" }, HttpStatusCode.OK);
        Assert.Equal("0 9 * * *", moved.Text("cron"));
        var tokyoNine = moved.Time("next_fire_at");
        Assert.Equal(0, tokyoNine.Minute);
        Assert.Equal(0, tokyoNine.UtcDateTime.Hour); // 09:00 in Tokyo (UTC+9, no daylight saving) is midnight UTC.
        Assert.InRange(tokyoNine - before, TimeSpan.Zero, TimeSpan.FromDays(1));

        var recron = await PatchAsync(schedule.Id(), new { cron = "30 0 * * *" }, HttpStatusCode.OK);
        Assert.Equal(15, recron.Time("next_fire_at").UtcDateTime.Hour); // 00:30 in Tokyo is 15:30 UTC.

        var problem = await Problem.AssertAsync(
            await client.PatchAsync($"/v1/schedules/{schedule.Id()}", Json.Body(new { cron = "0 25 * * *" })), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["cron"]);
        Assert.Equal("30 0 * * *", (await client.GetJsonAsync($"/v1/schedules/{schedule.Id()}")).Text("cron"));

        await Problem.AssertAsync(
            await client.PatchAsync($"/v1/schedules/{schedule.Id()}", Json.Body(new { agent_id = agent.Id() })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PatchAsync($"/v1/schedules/{Guid.NewGuid()}", Json.Body(new { message = "x" })), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_paused_schedule_shows_no_next_fire_and_resumes_from_now()
    {
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), "0 9 * * *", timezone: "Europe/Berlin");

        var paused = await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/pause", new { }, HttpStatusCode.OK);
        Assert.Equal("paused", paused.Text("status"));
        Assert.Null(paused["next_fire_at"]);
        Assert.Equal("paused", (await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/pause", new { }, HttpStatusCode.OK)).Text("status"));

        // Changing a paused schedule's timetable does not set it firing.
        Assert.Null((await PatchAsync(schedule.Id(), new { cron = "0 10 * * *" }, HttpStatusCode.OK))["next_fire_at"]);

        var before = DateTimeOffset.UtcNow;
        var resumed = await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/resume", new { }, HttpStatusCode.OK);
        Assert.Equal("active", resumed.Text("status"));
        Assert.InRange(resumed.Time("next_fire_at") - before, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Equal(0, resumed.Time("next_fire_at").Minute);
    }

    [Fact]
    public async Task Deleting_a_schedule_leaves_its_runs()
    {
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely);
        var run = await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/run", new { }, HttpStatusCode.Created);

        var deleted = await client.DeleteAsync($"/v1/schedules/{schedule.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problem.AssertAsync(await client.GetAsync($"/v1/schedules/{schedule.Id()}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync($"/v1/schedules/{schedule.Id()}/fires"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.DeleteAsync($"/v1/schedules/{schedule.Id()}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{schedule.Id()}/run", null), HttpStatusCode.NotFound);
        Assert.Equal(run.Id(), (await client.GetJsonAsync($"/v1/runs/{run.Id()}")).Id());
    }

    [Fact]
    public async Task Run_now_fires_a_paused_schedule_and_its_run_is_listed_with_it()
    {
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely, message: "Report, please.");
        await client.PostAsync($"/v1/schedules/{schedule.Id()}/pause", null);

        var response = await client.PostAsync($"/v1/schedules/{schedule.Id()}/run", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.ReadJsonAsync();
        Assert.Equal($"/v1/runs/{run.Id()}", response.Headers.Location?.ToString());
        Assert.Equal(agent.Id(), run.Text("agent_id"));
        await client.WaitForStatusAsync(run.Id(), "completed");

        var runs = await client.GetJsonAsync($"/v1/runs?schedule_id={schedule.Id()}");
        Assert.Equal([run.Id()], runs["data"]!.AsArray().Select(r => r!.Id()));
        Assert.Equal(1, runs["total"]!.GetValue<long>());

        var fire = Assert.Single(await client.FiresAsync(schedule.Id()));
        Assert.Equal("manual", fire.Text("trigger"));
        Assert.Equal("started", fire.Text("outcome"));
        Assert.Equal(run.Id(), fire.Text("run_id"));
        Assert.Equal(run.Text("thread_id"), fire.Text("thread_id"));

        // Without a thread of its own, the fire started one, named after the schedule, with the message as the user's.
        var thread = await client.GetJsonAsync($"/v1/threads/{run.Text("thread_id")}");
        Assert.Equal(agent.Id(), thread.Text("agent_id"));
        Assert.Equal("Scheduled: Report, please.", thread.Text("title"));
        Assert.Equal(schedule.Id(), thread["metadata"]!.Text("schedule_id"));
        var messages = thread["messages"]!.AsArray();
        Assert.Equal("Report, please.", messages[0]!.Text("content"));
        Assert.Equal("user", messages[0]!.Text("role"));
        Assert.Equal("assistant", messages[^1]!.Text("role"));

        var shown = await client.GetJsonAsync($"/v1/schedules/{schedule.Id()}");
        Assert.Equal("paused", shown.Text("status"));
        Assert.Equal(fire.Id(), shown["last_fire"]!.Id());
    }

    [Fact]
    public async Task A_fire_on_a_thread_with_an_active_run_starts_nothing_and_says_so()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var active = await client.ContinueAsync(thread, "Keep talking. [long:3000]");
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely, threadId: thread.Id());

        var problem = await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{schedule.Id()}/run", null), HttpStatusCode.Conflict);

        Assert.Equal(active.Id(), problem.Text("active_run_id"));
        var fire = Assert.Single(await client.FiresAsync(schedule.Id()));
        Assert.Equal("skipped", fire.Text("outcome"));
        Assert.Equal("thread_busy", fire.Text("reason"));
        Assert.Contains(active.Id(), fire.Text("detail"), StringComparison.Ordinal);
        Assert.Null(fire["run_id"]);
        // The fire's message was not added to the busy thread.
        var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.DoesNotContain(messages, m => m!.Text("content") == "Scheduled hello.");
        await client.PostAsync($"/v1/runs/{active.Id()}/cancel", null);

        // Once the thread is free, the next fire continues it.
        await client.WaitForStatusAsync(active.Id(), "cancelled");
        var run = await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/run", new { }, HttpStatusCode.Created);
        Assert.Equal(thread.Id(), run.Text("thread_id"));
    }

    [Fact]
    public async Task A_fire_for_an_archived_agent_starts_nothing_and_pauses_the_schedule()
    {
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely);
        await client.DeleteAsync($"/v1/agents/{agent.Id()}");

        var problem = await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{schedule.Id()}/run", null), HttpStatusCode.Conflict);

        Assert.Equal("agent_archived", problem.Text("reason"));
        var shown = await client.GetJsonAsync($"/v1/schedules/{schedule.Id()}");
        Assert.Equal("paused", shown.Text("status"));
        Assert.Equal("agent_archived", shown["last_fire"]!.Text("reason"));
        var resume = await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{schedule.Id()}/resume", null), HttpStatusCode.Conflict);
        Assert.Contains("archived", resume.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetJsonAsync($"/v1/runs?schedule_id={schedule.Id()}"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_schedules_are_404_for_every_endpoint()
    {
        var id = Guid.NewGuid();
        await Problem.AssertAsync(await client.GetAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync($"/v1/schedules/{id}/fires"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{id}/pause", null), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{id}/resume", null), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync($"/v1/schedules/{id}/run", null), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.DeleteAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await client.GetJsonAsync($"/v1/runs?schedule_id={id}"))["total"]!.GetValue<long>());
    }

    private async Task<JsonNode> PatchAsync(string id, object body, HttpStatusCode expected)
    {
        var response = await client.PatchAsync($"/v1/schedules/{id}", Json.Body(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"PATCH: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The next 09:00 on Berlin's wall clock after <paramref name="after"/>, worked out without a cron library.</summary>
    private static DateTimeOffset NextNineOClockInBerlin(DateTimeOffset after)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var local = TimeZoneInfo.ConvertTime(after, berlin).DateTime;
        var nine = local.Date.AddHours(9);
        if (nine <= local)
        {
            nine = nine.AddDays(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(nine, DateTimeKind.Unspecified), berlin));
    }
}
