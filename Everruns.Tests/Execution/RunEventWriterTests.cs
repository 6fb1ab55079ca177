using Dapper;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Temporal;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;
using Npgsql;

namespace Everruns.Tests.Execution;

/// <summary>The event writer stores a model's answer in the same write as the run's events, and only for the run's holder.</summary>
public sealed class RunEventWriterTests(ApiFixture api)
{
    [Fact]
    public async Task A_models_answer_is_stored_with_the_events_before_it_and_its_tokens_are_added_to_the_run()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await BegunRunAsync(host);
        var events = host.Get<RunEvents>();
        await OpenAsync(host, run);
        var answerId = Guid.CreateVersion7();
        events.Emit(run.Id, new TextMessageStartEvent(answerId.ToString()));
        events.Emit(run.Id, new TextMessageContentEvent(answerId.ToString(), "Here you are."));
        events.Emit(run.Id, new TextMessageEndEvent(answerId.ToString()));

        var saved = await events.StoreMessageAsync(
            run.Id, RunMessage.Answer(answerId, run.ThreadId, "Here you are.", null, 12, 4), TestContext.Current.CancellationToken);
        events.Close(run.Id);

        Assert.Equal(answerId, saved.Id);
        var answer = Assert.Single(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        Assert.Equal("Here you are.", answer.Content);
        Assert.Equal(run.Id, answer.RunId);
        var stored = await host.RunAsync(run.Id);
        Assert.Equal((12, 4), (stored.InputTokens, stored.OutputTokens));
        Assert.Contains(await host.EventsAsync(run.Id), e => e is TextMessageEndEvent end && end.MessageId == answerId.ToString());
    }

    [Fact]
    public async Task An_answer_for_a_run_that_someone_else_holds_is_not_stored()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var run = await BegunRunAsync(host);
        var writer = host.Get<RunEventWriter>();
        writer.Open(run.Id, "an-executor-that-lost-its-lease", (await host.EventsAsync(run.Id)).Count);

        await Assert.ThrowsAsync<LeaseLostException>(() => writer.StoreMessageAsync(
            run.Id, RunMessage.Answer(Guid.CreateVersion7(), run.ThreadId, "Too late.", null, 12, 4), TestContext.Current.CancellationToken));
        writer.Close(run.Id);

        Assert.DoesNotContain(await host.MessagesAsync(run), m => m.Role == MessageRole.Assistant);
        var stored = await host.RunAsync(run.Id);
        Assert.Equal((0, 0), (stored.InputTokens, stored.OutputTokens));
    }

    [Fact]
    public async Task A_batch_that_answers_one_run_and_ends_another_waits_for_their_rows_in_the_order_a_lease_renewal_takes_them()
    {
        await using var host = await ActivityTestHost.StartAsync(api.Postgres);
        var ct = TestContext.Current.CancellationToken;
        var events = host.Get<RunEvents>();
        var (first, lower, higher) = (await BegunRunAsync(host), await BegunRunAsync(host), await BegunRunAsync(host));
        foreach (var run in new[] { first, lower, higher })
        {
            await OpenAsync(host, run);
        }

        await using var data = await host.Get<NpgsqlDataSource>().OpenConnectionAsync(ct);
        if (await data.ExecuteScalarAsync<Guid>("SELECT id FROM runs WHERE id = ANY(@ids) ORDER BY id DESC LIMIT 1", new { ids = new[] { lower.Id, higher.Id } }) != higher.Id)
        {
            (lower, higher) = (higher, lower);
        }

        // While the writer waits on the first run's row, the answer for one run and the end of the other queue up,
        // so that they are written in one batch.
        await using var blocker = await LockedRunAsync(host, first.Id);
        var firstEnded = events.FinishAsync(first.Id, new RunFinishedEvent(first.ThreadId.ToString(), first.Id.ToString()), new RunCompletion(RunStatus.Completed), ct);
        await WaitUntilBlockedByAsync(data, blocker.Pid);
        var answered = events.StoreMessageAsync(higher.Id, RunMessage.Answer(Guid.CreateVersion7(), higher.ThreadId, "Done.", null, 1, 1), ct);
        var lowerEnded = events.FinishAsync(lower.Id, new RunFinishedEvent(lower.ThreadId.ToString(), lower.Id.ToString()), new RunCompletion(RunStatus.Completed), ct);

        // A renewal locks the runs it holds in id order: the lower one first, then the higher one, whose row the batch
        // must not take before it has the lower one.
        await using var renewal = await LockedRunAsync(host, lower.Id);
        await blocker.CommitAsync();
        Assert.True(await firstEnded);
        await WaitUntilBlockedByAsync(data, renewal.Pid);
        await renewal.LockAsync(higher.Id);
        await renewal.CommitAsync();

        Assert.True(await lowerEnded);
        Assert.Equal("Done.", (await answered).Content);
        Assert.Equal(RunStatus.Completed, (await host.RunAsync(lower.Id)).Status);
    }

    private static async Task<RowLocks> LockedRunAsync(ActivityTestHost host, Guid runId)
    {
        var connection = await host.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        // Shorter than the deadlock timeout (1 s): a lock the batch took out of order fails here rather than being
        // settled by PostgreSQL's deadlock detector.
        await connection.ExecuteAsync("SET LOCAL lock_timeout = '500ms'", transaction: transaction);
        var locks = new RowLocks(connection, transaction, await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: transaction));
        await locks.LockAsync(runId);
        return locks;
    }

    private static async Task WaitUntilBlockedByAsync(NpgsqlConnection data, int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await data.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE @pid = ANY(pg_blocking_pids(pid)))", new { pid }))
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer never waited for the locked run");
            await Task.Delay(20);
        }
    }

    /// <summary>A transaction that holds runs' rows as a lease renewal does.</summary>
    private sealed record RowLocks(NpgsqlConnection Connection, NpgsqlTransaction Transaction, int Pid) : IAsyncDisposable
    {
        public Task LockAsync(Guid runId) =>
            Connection.ExecuteAsync("SELECT id FROM runs WHERE id = @runId FOR NO KEY UPDATE", new { runId }, Transaction);

        public Task CommitAsync() => Transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    /// <summary>Opens a begun run for writing, as its workflow's activities do.</summary>
    private static async Task OpenAsync(ActivityTestHost host, Everruns.Data.Runs.Run run)
    {
        var stored = await host.EventsAsync(run.Id);
        host.Get<RunEvents>().Open(run.Id, WorkflowRunOwner.For(run.Id), stored, stored.Count);
    }

    /// <summary>A run its workflow has begun: held by the workflow's owner, with RUN_STARTED stored.</summary>
    private static async Task<Everruns.Data.Runs.Run> BegunRunAsync(ActivityTestHost host)
    {
        var run = await host.CreateRunAsync("Answer me.");
        await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        return run;
    }
}
