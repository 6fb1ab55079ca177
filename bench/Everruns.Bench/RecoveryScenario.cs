using System.Diagnostics;
using System.Globalization;
using Everruns.Data.AgUi;
using Npgsql;

namespace Everruns.Bench;

/// <summary>What a crash of the API cost its streaming runs.</summary>
public sealed record RecoveryResult(
    int Runs,
    double RestartToHealthySeconds,
    double HealthyToLastRunMovingSeconds,
    double RestartToAllFinishedSeconds,
    int ModelCallsRepeated,
    int CompletedOnce);

/// <summary>
/// N runs streaming, the API killed with SIGKILL, and started again: how long until every run has finished, and how
/// many model calls were made again. Read from the database, whose clock every process writes with.
/// </summary>
public static class RecoveryScenario
{
    public static async Task<RecoveryResult> RunAsync(BenchStack stack, BenchOptions options)
    {
        var client = new BenchClient(stack.Client);
        var agent = await client.CreateAgentAsync();
        var runs = new string[options.RecoveryRuns];
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            runs[i] = await client.StartRunAsync(await client.NewThreadAsync(agent, $"Recovering run {i}. [long:{options.TokensPerRun}]")));
        var ids = runs.Select(Guid.Parse).ToArray();

        await using var data = new NpgsqlConnection(stack.ConnectionString);
        await data.OpenAsync();
        while (await ScalarAsync<long>(data, "SELECT count(DISTINCT run_id) FROM run_events WHERE run_id = ANY($1) AND type = 'TEXT_MESSAGE_CONTENT'", ids) < ids.Length)
        {
            await Task.Delay(20);
        }

        await stack.KillApiAsync();
        var lastSeq = await ScalarAsync<long>(data, "SELECT coalesce(max(seq), 0) FROM run_events WHERE run_id = ANY($1)", ids);
        var restarted = await ScalarAsync<DateTime>(data, "SELECT clock_timestamp()");
        await stack.StartApiAsync();
        var healthy = await ScalarAsync<DateTime>(data, "SELECT clock_timestamp()");

        var deadline = Stopwatch.StartNew();
        while (await ScalarAsync<long>(data, "SELECT count(*) FROM runs WHERE id = ANY($1) AND status IN ('completed', 'failed', 'cancelled')", ids) < ids.Length)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("The runs did not all finish after the restart.");
            }

            await Task.Delay(20);
        }

        var finished = await ScalarAsync<DateTime>(data, "SELECT max(finished_at) FROM runs WHERE id = ANY($1)", ids);
        // Per run, its first event stored after the kill: when it moved again.
        var lastMoving = await ScalarAsync<DateTime>(
            data,
            "SELECT max(first) FROM (SELECT min(created_at) AS first FROM run_events WHERE run_id = ANY($1) AND created_at > $2 GROUP BY run_id) AS moved",
            ids,
            restarted);
        var modelCalls = await ScalarAsync<long>(
            data, "SELECT count(*) FROM run_events WHERE run_id = ANY($1) AND type = 'STEP_STARTED' AND payload->>'stepName' LIKE 'model_call_%'", ids);
        return new RecoveryResult(
            ids.Length,
            (healthy - restarted).TotalSeconds,
            (lastMoving - healthy).TotalSeconds,
            (finished - restarted).TotalSeconds,
            (int)modelCalls - ids.Length,
            await CountCompletedOnceAsync(data, ids));
    }

    public static void Print(RecoveryResult result)
    {
        Console.WriteLine();
        Console.WriteLine("| recovery: runs streaming when the API is killed | API restart to healthy s | healthy to last run moving s | restart to every run finished s | model calls repeated | runs completed once |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Runs} | {result.RestartToHealthySeconds:F1} | {result.HealthyToLastRunMovingSeconds:F2} | {result.RestartToAllFinishedSeconds:F1} | {result.ModelCallsRepeated} | {result.CompletedOnce} |"));
    }

    /// <summary>Runs that completed with one valid, gap-free AG-UI sequence, one RUN_STARTED and one answer.</summary>
    private static async Task<int> CountCompletedOnceAsync(NpgsqlConnection data, Guid[] ids)
    {
        var once = 0;
        foreach (var id in ids)
        {
            var events = new List<AgUiEvent>();
            var gapFree = true;
            await using (var read = new NpgsqlCommand("SELECT seq, payload::text FROM run_events WHERE run_id = $1 ORDER BY seq", data) { Parameters = { new() { Value = id } } })
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    gapFree &= reader.GetInt64(0) == events.Count + 1;
                    events.Add(AgUiJson.Deserialize(reader.GetString(1)));
                }
            }

            var answers = await ScalarAsync<long>(data, "SELECT count(*) FROM messages WHERE run_id = $1 AND role = 'assistant'", id);
            var completed = await ScalarAsync<string>(data, "SELECT status FROM runs WHERE id = $1", id) == "completed";
            if (completed && gapFree && answers == 1 && events.Count(e => e is RunStartedEvent) == 1 && AgUiSequenceValidator.Validate(events).IsValid)
            {
                once++;
            }
        }

        return once;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection data, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, data);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
