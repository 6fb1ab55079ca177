using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;

namespace Everruns.Tests.Infrastructure;

/// <summary>One Server-Sent Events frame as a client receives it.</summary>
public sealed record SseFrame(string? Id, string? Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;

    public string Type => Json["type"]!.GetValue<string>();

    public AgUiEvent ToAgUi() => AgUiJson.Deserialize(Data);
}

/// <summary>Reads an SSE response the way a browser's EventSource does (LF-separated fields, blank line ends a frame).</summary>
public static class SseClient
{
    public static async Task<List<SseFrame>> ReadAllAsync(
        HttpClient client, string url, string? lastEventId = null, TimeSpan? timeout = null, int? stopAfter = null)
    {
        var frames = new List<SseFrame>();
        await foreach (var frame in StreamAsync(client, url, lastEventId, timeout))
        {
            frames.Add(frame);
            if (frames.Count == stopAfter)
            {
                break;
            }
        }

        return frames;
    }

    public static async IAsyncEnumerable<SseFrame> StreamAsync(HttpClient client, string url, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        string? id = null, type = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseFrame(id, type, string.Join('\n', data));
                }

                id = type = null;
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
    }
}
