using System.Net;
using Dapper;
using Everruns.Data.Runs;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Runners;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Everruns.Tests.Schedules;

/// <summary>
/// An instance that dies between claiming a fire and recording its run leaves the fire locked; once the lock runs out,
/// another instance finishes it, and whatever the dead one had already written is not written twice.
/// </summary>
public sealed class ScheduleFireRecoveryTests(ApiFixture api)
{
    private const string Rarely = "0 9 1 1 *";

    [Fact]
    public async Task A_fire_a_dead_instance_left_unfinished_is_finished_by_another_with_one_message_and_one_run()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["Schedules:MaxWait"] = "00:00:01" };
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_schedule_recovery", settings);
        var client = own.Client;
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var fresh = await client.CreateScheduleAsync(agent.Id(), Rarely, "Each on a thread of its own.");
        var continued = await client.CreateScheduleAsync(agent.Id(), Rarely, "On the same thread.", threadId: thread.Id());
        await using var connection = new NpgsqlConnection(own.ConnectionString);

        // Claimed by an instance that died at once: nothing of it was written.
        var untouched = await InsertClaimedFireAsync(connection, fresh.Id(), threadId: Guid.CreateVersion7(), newThread: true);

        // Claimed by an instance that died after it wrote the message and started the run, before it recorded that.
        var fireId = Guid.CreateVersion7();
        var messageId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            "INSERT INTO messages (id, thread_id, role, content) VALUES (@messageId, @threadId, 'user', 'On the same thread.')",
            new { messageId, threadId = Guid.Parse(thread.Id()) });
        var startedByTheDead = await StartFireRunAsync(own, agent.Id(), thread.Id(), fireId);
        await InsertClaimedFireAsync(connection, continued.Id(), Guid.Parse(thread.Id()), newThread: false, fireId, messageId);

        var first = Assert.Single(await client.WaitForFiresAsync(fresh.Id(), 1));
        Assert.Equal(untouched.ToString(), first.Id());
        Assert.Equal("started", first.Text("outcome"));
        await client.WaitForStatusAsync(first.Text("run_id"), "completed");
        var freshThread = await client.GetJsonAsync($"/v1/threads/{first.Text("thread_id")}");
        Assert.Equal(agent.Id(), freshThread.Text("agent_id"));
        Assert.Equal(["Each on a thread of its own."], freshThread["messages"]!.AsArray().Where(m => m!.Text("role") == "user").Select(m => m!.Text("content")));

        var second = Assert.Single(await client.WaitForFiresAsync(continued.Id(), 1));
        Assert.Equal("started", second.Text("outcome"));
        Assert.Equal(startedByTheDead.ToString(), second.Text("run_id"));
        var runs = await client.GetJsonAsync($"/v1/runs?schedule_id={continued.Id()}");
        Assert.Equal([startedByTheDead.ToString()], runs["data"]!.AsArray().Select(r => r!.Id()));
        await client.WaitForStatusAsync(startedByTheDead.ToString(), "completed");
        var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Single(messages, m => m!.Text("role") == "user");
        Assert.Equal(1, (await client.GetJsonAsync($"/v1/runs?thread_id={thread.Id()}"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Run_now_answers_the_run_and_a_repeated_start_of_the_same_fire_gives_the_same_run()
    {
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_schedule_once", ApiFixture.Settings);
        var client = own.Client;
        var agent = await client.CreateAgentAsync();
        var schedule = await client.CreateScheduleAsync(agent.Id(), Rarely);

        var run = await client.PostJsonAsync($"/v1/schedules/{schedule.Id()}/run", new { }, HttpStatusCode.Created);

        // Starting the fire's run again, as an instance taking it over would, replays the first run.
        var fire = Assert.Single(await client.FiresAsync(schedule.Id()));
        Assert.Equal(run.Id(), fire.Text("run_id"));
        var again = await StartFireRunAsync(own, agent.Id(), run.Text("thread_id"), Guid.Parse(fire.Id()));
        Assert.Equal(run.Id(), again.ToString());
        Assert.Equal(1, (await client.GetJsonAsync($"/v1/runs?thread_id={run.Text("thread_id")}"))["total"]!.GetValue<long>());
    }

    /// <summary>Starts a fire's run as the scheduler does: through the runner seam, under the fire's idempotency key.</summary>
    private static async Task<Guid> StartFireRunAsync(OwnApi own, string agentId, string threadId, Guid fireId)
    {
        var execution = own.Factory.Services.GetRequiredService<IRunExecution>();
        var creation = await execution.StartAsync(
            new NewRun(Guid.Parse(agentId), Guid.Parse(threadId), $"schedule-fire:{fireId}"), TestContext.Current.CancellationToken);
        return creation switch
        {
            RunCreation.Created created => created.Run.Id,
            RunCreation.Replayed replayed => replayed.Run.Id,
            _ => throw new InvalidOperationException($"The fire's run was not started: {creation}."),
        };
    }

    private static async Task<Guid> InsertClaimedFireAsync(
        NpgsqlConnection connection, string scheduleId, Guid threadId, bool newThread, Guid? fireId = null, Guid? messageId = null)
    {
        var id = fireId ?? Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO schedule_fires (id, schedule_id, trigger, scheduled_for, fired_at, thread_id, new_thread, message_id, locked_until)
            VALUES (@id, @scheduleId, 'cron', now() - interval '20 seconds', now() - interval '20 seconds', @threadId, @newThread, @messageId,
                    now() + interval '1 second')
            """,
            new { id, scheduleId = Guid.Parse(scheduleId), threadId, newThread, messageId = messageId ?? Guid.CreateVersion7() });
        return id;
    }
}
