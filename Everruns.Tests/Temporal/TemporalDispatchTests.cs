using System.Net;
using Dapper;
using Everruns.Api.Temporal;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Runners;
using Everruns.Worker.Temporal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Everruns.Tests.Temporal;

/// <summary>The API in Temporal mode hands runs to Temporal: it starts their workflows, cancels and resumes them.</summary>
public sealed class TemporalDispatchTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_new_run_starts_workflow_run_id_on_the_task_queue_and_a_second_start_is_harmless()
    {
        var temporal = new RecordingTemporalClient();
        await using var api = await TemporalModeApi.StartAsync(fixture.Postgres, temporal.Client);
        using var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        var (_, run) = await client.AskAsync(agent, "Hello.");
        var runId = Guid.Parse(run.Id());

        var start = await WaitForAsync(() => temporal.Started.GetValueOrDefault(AgentRunWorkflow.IdFor(runId)), "the workflow start");
        Assert.Equal(AgentRunWorkflow.WorkflowType, start.Workflow);
        Assert.Equal(TemporalModeApi.TaskQueue, start.Options.TaskQueue);
        Assert.Equal(new AgentRunInput(runId), Assert.Single(start.Args));

        var execution = api.Services.GetRequiredService<TemporalRunExecution>();
        Assert.True(await execution.StartWorkflowAsync(runId, CancellationToken.None));
        Assert.Equal(1, temporal.RefusedStarts);

        var shown = (await client.GetJsonAsync($"/v1/runs/{runId}")).ToJsonString();
        Assert.Equal("pending", (await client.GetJsonAsync($"/v1/runs/{runId}"))["status"]!.GetValue<string>());
        Assert.DoesNotContain(AgentRunWorkflow.IdFor(runId), shown, StringComparison.Ordinal);
        Assert.DoesNotContain(TemporalModeApi.TaskQueue, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_run_that_no_notification_announced_is_found_by_the_sweep()
    {
        var temporal = new RecordingTemporalClient();
        await using var api = await TemporalModeApi.StartAsync(
            fixture.Postgres, temporal.Client, new Dictionary<string, string?> { ["Temporal:PendingGrace"] = "00:00:00" });
        using var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());

        Guid runId;
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            runId = await connection.ExecuteScalarAsync<Guid>(
                "INSERT INTO runs (agent_id, thread_id) VALUES (@agent, @thread) RETURNING id",
                new { agent = Guid.Parse(agent.Id()), thread = Guid.Parse(thread.Id()) });
        }

        await WaitForAsync(() => temporal.Started.GetValueOrDefault(AgentRunWorkflow.IdFor(runId)), "the sweep's workflow start");
    }

    [Fact]
    public async Task Cancelling_a_run_flags_it_and_cancels_its_workflow_which_ends_it()
    {
        var temporal = new RecordingTemporalClient();
        await using var api = await TemporalModeApi.StartAsync(fixture.Postgres, temporal.Client);
        using var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();
        var (_, running) = await client.AskAsync(agent, "Take long.");
        var (_, pending) = await client.AskAsync(agent, "Never mind.");
        var runningId = Guid.Parse(running.Id());
        var pendingId = Guid.Parse(pending.Id());
        // As the workflow's first activity would.
        var queue = api.Services.GetRequiredService<RunQueue>();
        Assert.True((await queue.AcquireForWorkflowAsync(runningId, WorkflowRunOwner.For(runningId), CancellationToken.None)).Acquired);

        await client.PostJsonAsync($"/v1/runs/{runningId}/cancel", new { }, HttpStatusCode.OK);
        await client.PostJsonAsync($"/v1/runs/{pendingId}/cancel", new { }, HttpStatusCode.OK);

        Assert.Contains(AgentRunWorkflow.IdFor(runningId), temporal.Cancelled);
        Assert.Contains(AgentRunWorkflow.IdFor(pendingId), temporal.Cancelled);

        // The workflow ends the run (the API writes no event of its own); until it has, the run shows the request.
        foreach (var (id, status) in new[] { (runningId, "running"), (pendingId, "pending") })
        {
            var shown = await client.GetJsonAsync($"/v1/runs/{id}");
            Assert.Equal(status, shown["status"]!.GetValue<string>());
            Assert.True(shown["cancel_requested"]!.GetValue<bool>());
        }

        // The sweep asks again until the run has ended.
        var asked = temporal.Cancelled.Count;
        await WaitForAsync(() => temporal.Cancelled.Count > asked ? "" : null, "the sweep's cancel");
    }

    [Fact]
    public async Task An_answered_approval_resumes_the_workflow_once_the_run_waits_on_no_other()
    {
        var temporal = new RecordingTemporalClient();
        await using var api = await TemporalModeApi.StartAsync(fixture.Postgres, temporal.Client);
        using var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Two calls to approve.");
        var runId = Guid.Parse(run.Id());
        var approvals = api.Services.GetRequiredService<ToolApprovalStore>();
        var execution = api.Services.GetRequiredService<IRunExecution>();
        var arguments = System.Text.Json.JsonSerializer.SerializeToElement(new { });
        await approvals.AddPendingAsync(runId, [new PendingApproval("call_a", "refund", arguments), new PendingApproval("call_b", "refund", arguments)], null, CancellationToken.None);

        await approvals.AnswerAsync(runId, "call_a", ApprovalDecision.Approve, null, null, CancellationToken.None);
        await execution.ApprovalAnsweredAsync(runId, CancellationToken.None);
        Assert.Empty(temporal.Signalled);

        await approvals.AnswerAsync(runId, "call_b", ApprovalDecision.Deny, null, "No.", CancellationToken.None);
        await execution.ApprovalAnsweredAsync(runId, CancellationToken.None);
        Assert.Equal([(AgentRunWorkflow.IdFor(runId), AgentRunWorkflow.ResumeSignal)], temporal.Signalled);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
