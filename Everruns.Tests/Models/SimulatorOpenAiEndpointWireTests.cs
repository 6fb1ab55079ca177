using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Everruns.Tests.Models;

/// <summary>The simulator endpoint's raw OpenAI wire format, read without any SDK.</summary>
public sealed class SimulatorOpenAiEndpointWireTests(SimulatorServer server) : IClassFixture<SimulatorServer>
{
    private static readonly HttpClient Http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_is_sse_chunks_then_usage_then_done()
    {
        var events = await StreamAsync($$"""{"model":"sim/default","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"[long:4] {{Guid.NewGuid():N}}"}]}""");

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
        Assert.Equal(4, text.Split(' ').Length);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(4, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_without_include_usage_has_no_usage_chunk_and_carries_tool_call_deltas()
    {
        var events = await StreamAsync($$"""{"model":"sim/default","stream":true,"messages":[{"role":"user","content":"[tool:a {\"x\":1}] [tool:b] {{Guid.NewGuid():N}}"}]}""");

        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.DoesNotContain(chunks, c => c.TryGetProperty("usage", out _));
        var calls = chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("tool_calls")[0])
            .ToList();
        Assert.Equal([0, 1], calls.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(["a", "b"], calls.Select(c => c.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal("""{"x":1}""", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool_calls", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Rate_limit_is_a_429_with_retry_after()
    {
        using var response = await PostAsync($$"""{"model":"sim/default","messages":[{"role":"user","content":"[error:429:3] {{Guid.NewGuid():N}}"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("rate_limit_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"sim/default","messages":[]}""")]
    [InlineData("""{"model":"sim/default","messages":[{"role":"wizard","content":"hi"}]}""")]
    public async Task Malformed_request_is_a_400(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Non_streaming_completion_has_message_and_usage()
    {
        using var response = await PostAsync($$"""{"model":"sim/default","messages":[{"role":"system","content":"Be kind."},{"role":"user","content":"[long:3] {{Guid.NewGuid():N}}"}]}""");

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = body.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("sim/default", root.GetProperty("model").GetString());
        Assert.Equal(3, root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length);
        Assert.Equal(4, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        Http.PostAsync($"{server.BaseUrl}/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private async Task<List<string>> StreamAsync(string body)
    {
        using var response = await PostAsync(body);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n');
        Assert.All(lines.Where(l => l.Length > 0), l => Assert.StartsWith("data: ", l));
        return [.. lines.Where(l => l.Length > 0).Select(l => l["data: ".Length..])];
    }
}
