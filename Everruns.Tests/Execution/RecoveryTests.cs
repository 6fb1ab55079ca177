using System.Diagnostics;
using Dapper;
using Everruns.Data.AgUi;
using Everruns.Hosting.Postgres;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Scenarios;
using Npgsql;

namespace Everruns.Tests.Execution;

/// <summary>
/// A run whose executor died is taken over in seconds, not after its lease: the executor's liveness lock goes with
/// its process. Real API processes, killed with SIGKILL, with the default lease of 10 s.
/// </summary>
public sealed class RecoveryTests(ApiFixture api)
{
    private const int RunCount = 5;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Models__Simulator__TokensPerSecond"] = "20",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task A_restarted_process_resumes_the_runs_of_the_one_that_died_within_two_seconds_of_being_healthy()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_restart");
        var port = FreePort.Find();

        // A process takes a few seconds to start here, more than a lease of 10 s has left by then: with a lease of a
        // minute, only the liveness lock can make the runs move within two seconds.
        var settings = new Dictionary<string, string>(Settings) { ["AgentRunner__LeaseDuration"] = "00:01:00" };
        var process = await ApiProcess.StartAsync(connectionString, port, settings);
        try
        {
            using var client = new HttpClient { BaseAddress = process.Address };
            var runs = await StartStreamingRunsAsync(client, connectionString);
            var follower = FollowAcrossTheCrashAsync(client, runs[0]);
            await Progress.WaitUntilStreamingAsync(connectionString, runs);

            await process.KillAsync();
            var before = await Progress.LastSeqsAsync(connectionString, runs);
            await process.DisposeAsync();
            process = await ApiProcess.StartAsync(connectionString, port, settings);
            var healthy = await Progress.NowAsync(connectionString);

            var resumed = await Progress.FirstEventsAfterAsync(connectionString, before);
            var latest = resumed.Values.Max() - healthy;
            TestContext.Current.TestOutputHelper?.WriteLine($"Runs moved again {string.Join(", ", resumed.Values.Select(at => $"{(at - healthy).TotalSeconds:0.00}"))} s after the new process was healthy.");
            Assert.True(latest < TimeSpan.FromSeconds(2), $"The last run moved again {latest.TotalSeconds:0.00} s after the new process was healthy.");

            await AssertCompletedOnceAsync(client, connectionString, runs, attempts: 2);
            var seen = await follower;
            Runs.AssertGapFree(seen);
            Runs.AssertValidAgUi(seen);
            var shown = AgUiClientView.Apply(seen.Select(frame => frame.ToAgUi())).Where(m => m.Role == "assistant" && m.Content.Length > 0);
            Assert.Single(shown);
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_live_peer_takes_over_the_runs_of_an_instance_that_died_within_three_seconds()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_peer");
        var dying = await ApiProcess.StartAsync(connectionString, FreePort.Find(), Settings);
        var peer = await ApiProcess.StartAsync(connectionString, FreePort.Find(), Settings);
        try
        {
            using var client = new HttpClient { BaseAddress = dying.Address };
            using var peerClient = new HttpClient { BaseAddress = peer.Address };

            // A live peer has been at work: it has executed a run before.
            var (_, warmUp) = await peerClient.AskAsync(await peerClient.CreateAgentAsync(), "Hello. [long:5]");
            await peerClient.WaitForStatusAsync(warmUp.Id(), "completed");
            var runs = await StartStreamingRunsAsync(client, connectionString);
            await Progress.WaitUntilStreamingAsync(connectionString, runs);

            await dying.KillAsync();
            var killed = await Progress.NowAsync(connectionString);
            var before = await Progress.LastSeqsAsync(connectionString, runs);

            var resumed = await Progress.FirstEventsAfterAsync(connectionString, before);
            var claimed = await Progress.ClaimedAtAsync(connectionString, runs);
            TestContext.Current.TestOutputHelper?.WriteLine($"The peer claimed them {string.Join(", ", claimed.Select(at => $"{(at - killed).TotalSeconds:0.00}"))} s after.");
            var latest = resumed.Values.Max() - killed;
            TestContext.Current.TestOutputHelper?.WriteLine($"The peer took over the runs {string.Join(", ", resumed.Values.Select(at => $"{(at - killed).TotalSeconds:0.00}"))} s after the other instance died.");
            Assert.True(latest < TimeSpan.FromSeconds(3), $"The peer took over the last run {latest.TotalSeconds:0.00} s after the other instance died.");

            await AssertCompletedOnceAsync(peerClient, connectionString, runs, attempts: 2);
        }
        finally
        {
            await dying.DisposeAsync();
            await peer.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_slow_executor_whose_lease_ran_out_keeps_its_runs_while_it_is_alive()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["Models:Simulator:TokensPerSecond"] = "20" };
        await using var slow = await OwnApi.StartAsync(api.Postgres, "everruns_slow", settings);
        await using var peer = new ApiFactory(slow.ConnectionString, settings);
        _ = peer.Server;
        var agent = await slow.Client.CreateAgentAsync();
        var (_, run) = await slow.Client.AskAsync(agent, "Take your time. [long:100]");
        var runId = Guid.Parse(run.Id());
        await Progress.WaitUntilStreamingAsync(slow.ConnectionString, [runId]);

        // As if the executor had not renewed its leases for a while (a long pause, a starved CPU): the peer polls
        // every second and must leave the run alone.
        for (var i = 0; i < 3; i++)
        {
            await Progress.ExpireLeasesAsync(slow.ConnectionString, TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }

        var done = await slow.Client.WaitForStatusAsync(run.Id(), "completed", TimeSpan.FromSeconds(30));
        Assert.Equal(1, done["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_run_whose_executor_is_connected_but_has_renewed_nothing_for_long_is_taken_over()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings)
        {
            ["Models:Simulator:TokensPerSecond"] = "20",
            ["AgentRunner:SilentHolderTimeout"] = "00:00:05",
        };
        await using var hung = await OwnApi.StartAsync(api.Postgres, "everruns_hung", settings);
        await using var peer = new ApiFactory(hung.ConnectionString, settings);
        _ = peer.Server;
        var agent = await hung.Client.CreateAgentAsync();
        var (_, run) = await hung.Client.AskAsync(agent, "Take your time. [long:100]");
        await Progress.WaitUntilStreamingAsync(hung.ConnectionString, [Guid.Parse(run.Id())]);

        await Progress.ExpireLeasesAsync(hung.ConnectionString, TimeSpan.FromMinutes(1));

        var done = await hung.Client.WaitForStatusAsync(run.Id(), "completed", TimeSpan.FromSeconds(30));
        Assert.Equal(2, done["attempt"]!.GetValue<int>());
        Runs.AssertValidAgUi(await hung.Client.EventsAsync(run.Id()));
    }

    [Fact]
    public async Task Runs_whose_executor_lives_go_on_in_place_after_a_database_outage()
    {
        // A PostgreSQL server of this test's own, to stop and start again.
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = EverrunsPaths.Data("postgres-outage-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Repository.Root)))[..12]),
            DatabaseName = $"everruns_outage_{Guid.NewGuid():N}",
            Port = FreePort.Find(),
        };
        var postgres = await EmbeddedPostgres.StartAsync(options);
        var process = await ApiProcess.StartAsync(postgres.ConnectionString, FreePort.Find(), Settings);
        try
        {
            using var client = new HttpClient { BaseAddress = process.Address };
            var runs = await StartStreamingRunsAsync(client, postgres.ConnectionString, tokens: 300);
            await Progress.WaitUntilStreamingAsync(postgres.ConnectionString, runs);

            await postgres.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            postgres = await EmbeddedPostgres.StartAsync(options);
            var back = Stopwatch.StartNew();
            NpgsqlConnection.ClearAllPools(); // this test's own connections died with the server

            await AssertCompletedOnceAsync(client, postgres.ConnectionString, runs, attempts: 1);
            TestContext.Current.TestOutputHelper?.WriteLine($"Every run finished {back.Elapsed.TotalSeconds:0.0} s after the database was back.");
            foreach (var runId in runs)
            {
                var outcome = await ScenarioOutcome.ReadAsync(postgres.ConnectionString, runId, []);
                Assert.Single(outcome.Events.OfType<StepStartedEvent>(), step => step.StepName.StartsWith("model_call", StringComparison.Ordinal));
                Assert.Equal(Enumerable.Range(1, outcome.Events.Count), (await Progress.SeqsAsync(postgres.ConnectionString, runId)).Select(seq => (int)seq));
            }
        }
        finally
        {
            await process.DisposeAsync();
            await postgres.DropDatabaseAsync(options.DatabaseName);
            await postgres.DisposeAsync();
        }
    }

    private static async Task<List<Guid>> StartStreamingRunsAsync(HttpClient client, string connectionString, int tokens = 120)
    {
        var agent = await client.CreateAgentAsync();
        var runs = new List<Guid>();
        for (var i = 0; i < RunCount; i++)
        {
            var (_, run) = await client.AskAsync(agent, $"Run {i}, at length. [long:{tokens}]");
            runs.Add(Guid.Parse(run.Id()));
        }

        return runs;
    }

    /// <summary>Follows a run's events over SSE as a client does, reconnecting with Last-Event-ID when its connection breaks.</summary>
    private static async Task<List<SseFrame>> FollowAcrossTheCrashAsync(HttpClient client, Guid runId)
    {
        var frames = new List<SseFrame>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await foreach (var frame in SseClient.StreamAsync(client, $"/v1/runs/{runId}/events", frames.LastOrDefault()?.Id, TimeSpan.FromSeconds(90)))
                {
                    frames.Add(frame);
                }

                if (frames.Count > 0 && frames[^1].Type is AgUiEventTypes.RunFinished or AgUiEventTypes.RunError)
                {
                    return frames;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The process went away mid-stream.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {runId} never ended for its follower.");
    }

    private static async Task AssertCompletedOnceAsync(HttpClient client, string connectionString, IReadOnlyList<Guid> runs, int attempts)
    {
        foreach (var runId in runs)
        {
            var done = await client.WaitForEndAsync(runId.ToString(), TimeSpan.FromSeconds(60));
            Assert.Equal("completed", done["status"]!.GetValue<string>());
            Assert.Equal(attempts, done["attempt"]!.GetValue<int>());
            var outcome = await ScenarioOutcome.ReadAsync(connectionString, runId, []);
            var validation = AgUiSequenceValidator.Validate(outcome.Events);
            Assert.True(validation.IsValid, $"Invalid AG-UI sequence: {validation.Violation} in {outcome.EventTypes}");
            Assert.Single(outcome.Events, e => e is RunStartedEvent);
            var answer = Assert.Single(outcome.RunMessages, m => m.Role == "assistant");
            var shown = Assert.Single(outcome.ClientView, m => m.Role == "assistant" && m.Content.Length > 0);
            Assert.Equal((answer.Id.ToString(), answer.Content), (shown.Id, shown.Content));
        }
    }
}

/// <summary>Where runs stand, read from the database (its clock is the one every process writes with).</summary>
public static class Progress
{
    public static async Task<DateTime> NowAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()");
    }

    public static async Task WaitUntilStreamingAsync(string connectionString, IReadOnlyList<Guid> runs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = Stopwatch.StartNew();
        while (await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT run_id) FROM run_events WHERE run_id = ANY(@runs) AND type = 'TEXT_MESSAGE_CONTENT'", new { runs = runs.ToArray() }) < runs.Count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "The runs never started streaming.");
            await Task.Delay(50);
        }
    }

    public static async Task<Dictionary<Guid, long>> LastSeqsAsync(string connectionString, IReadOnlyList<Guid> runs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(Guid RunId, long Seq)>(
            "SELECT id, coalesce((SELECT max(seq) FROM run_events WHERE run_id = runs.id), 0) FROM runs WHERE id = ANY(@runs)", new { runs = runs.ToArray() });
        return rows.ToDictionary(row => row.RunId, row => row.Seq);
    }

    /// <summary>When each run stored its first event after <paramref name="after"/>: when it moved again.</summary>
    public static async Task<Dictionary<Guid, DateTime>> FirstEventsAfterAsync(string connectionString, IReadOnlyDictionary<Guid, long> after)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var rows = (await connection.QueryAsync<(Guid RunId, DateTime At)>(
                """
                SELECT e.run_id, min(e.created_at) FROM run_events e
                JOIN unnest(@runs, @seqs) AS a(run_id, seq) ON a.run_id = e.run_id AND e.seq > a.seq
                GROUP BY e.run_id
                """,
                new { runs = after.Keys.ToArray(), seqs = after.Values.ToArray() })).ToList();
            if (rows.Count == after.Count)
            {
                return rows.ToDictionary(row => row.RunId, row => row.At);
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"Only {rows.Count} of {after.Count} runs moved again.");
            await Task.Delay(25);
        }
    }

    /// <summary>When each run was last claimed (a claim sets <c>updated_at</c>; renewals do not).</summary>
    public static async Task<IReadOnlyList<DateTime>> ClaimedAtAsync(string connectionString, IReadOnlyList<Guid> runs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<DateTime>("SELECT updated_at FROM runs WHERE id = ANY(@runs)", new { runs = runs.ToArray() })];
    }

    public static async Task<IReadOnlyList<long>> SeqsAsync(string connectionString, Guid runId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<long>("SELECT seq FROM run_events WHERE run_id = @runId ORDER BY seq", new { runId })];
    }

    /// <summary>Makes the leases of all running runs look as if they had run out <paramref name="ago"/>.</summary>
    public static async Task ExpireLeasesAsync(string connectionString, TimeSpan ago)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            "UPDATE runs SET lease_expires_at = now() - make_interval(secs => @seconds) WHERE status = 'running'", new { seconds = ago.TotalSeconds });
    }
}
