using System.Collections.Concurrent;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Sends generated requests in batches, a few at a time, checks every answer against <see cref="ResponseRules"/>,
/// and after each batch checks that the database holds only what the accepted requests wrote.
/// </summary>
public sealed class BadInputRunner(HttpClient client, string connectionString)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<string> failures = new();

    public Tally Tally { get; } = new();

    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>Batches whose database check was skipped because an accepted request's writes cannot be told.</summary>
    public int UncheckedBatches { get; private set; }

    public async Task RunAsync(IEnumerable<BadRequest> requests, int batchSize, int parallelism)
    {
        var before = await DatabaseSnapshot.TakeAsync(connectionString);
        foreach (var batch in requests.Chunk(batchSize))
        {
            var statuses = new int[batch.Length];
            await Parallel.ForAsync(
                0,
                batch.Length,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                async (i, _) => statuses[i] = await SendAsync(batch[i]));

            var after = await DatabaseSnapshot.TakeAsync(connectionString);
            CheckDatabase(batch, statuses, before, after);
            before = after;
        }
    }

    private async Task<int> SendAsync(BadRequest request)
    {
        using var message = request.ToHttpRequest();
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            // An accepted stream (SSE) may follow a run that never ends here: its headers are enough.
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
            Tally.Count(request.Endpoint, status);
            if (ResponseRules.Violation(status, mediaType, body) is { } violation)
            {
                failures.Enqueue($"{request}: {violation}");
            }

            return status;
        }
        catch (OperationCanceledException)
        {
            Tally.Count(request.Endpoint, 0);
            failures.Enqueue($"{request}: no answer within {RequestTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException e)
        {
            Tally.Count(request.Endpoint, 0);
            failures.Enqueue($"{request}: the request failed: {e.Message}");
        }

        return 0;
    }

    private void CheckDatabase(BadRequest[] batch, int[] statuses, DatabaseSnapshot before, DatabaseSnapshot after)
    {
        var writes = batch.Select((request, i) => AcceptedWrites.Of(request, statuses[i])).ToList();
        if (writes.Any(w => w is null))
        {
            UncheckedBatches++;
            return;
        }

        var accepted = writes.Select(w => w!).ToList();
        foreach (var table in DatabaseSnapshot.TableNames)
        {
            var (was, now) = (before.Tables[table], after.Tables[table]);
            if (!AcceptedWrites.Explain(accepted, table, was, now))
            {
                var acceptedCount = statuses.Count(s => s is >= 200 and < 300);
                var rejected = batch.Where((_, i) => statuses[i] is < 200 or >= 300).Take(20).Select(r => $"\n    {r}");
                failures.Enqueue(
                    $"{table} went from {was} to {now}, more than the {acceptedCount} accepted requests of the batch explain; " +
                    $"the rejected requests were:{string.Concat(rejected)}");
            }
        }
    }
}
