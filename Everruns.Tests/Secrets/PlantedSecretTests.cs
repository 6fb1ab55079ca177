using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Everruns.Tests.Secrets;

/// <summary>
/// A tool secret and an MCP server's token are planted, used for real (a signed webhook call and an authorized MCP call
/// in a run), and then searched for in every place they must never appear: API responses, the run's events, the
/// database, logs and traces.
/// </summary>
public sealed class PlantedSecretTests(ApiFixture api)
{
    private const string Secret = "planted-secret-7f3a9c1e5b";
    private const string McpToken = "planted-mcp-token-2d8b4e6f0a";

    [Fact]
    public async Task A_tool_secret_or_mcp_token_appears_in_no_response_event_log_trace_or_row()
    {
        var logs = new ConcurrentQueue<string>();
        var traces = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traces.Enqueue(
                $"{activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(' ', activity.Events.Select(e => e.Name))}"),
        };
        ActivitySource.AddActivityListener(listener);

        var database = await api.Postgres.CreateDatabaseAsync("everruns_planted");
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["Logging:LogLevel:Default"] = "Trace" };
        await using var factory = new ApiFactory(database, settings, builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(new CollectingLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace))));
        var client = factory.CreateClient();
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"ok":true}""");
        await using var mcp = await McpTestServerProcess.StartAsync(McpToken);
        var responses = new List<string>();

        var created = await client.PostAsync("/v1/agents", Json.Body(new
        {
            name = "signed",
            definition = new
            {
                tools = new object[]
                {
                    new { type = "webhook", name = "notify", url = receiver.Url, secret = Secret },
                    new { type = "mcp", name = "files", url = mcp.McpUrl, headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {McpToken}" } },
                },
            },
        }));
        responses.Add(await created.Content.ReadAsStringAsync());
        var agent = System.Text.Json.Nodes.JsonNode.Parse(responses[0])!;
        var (thread, run) = await client.AskAsync(agent, """Tell them. [tool:notify {"text":"hi"}] [tool:files__echo {"text":"hi"}]""");
        await client.WaitForStatusAsync(run.Id(), "completed");
        Assert.NotNull(Assert.Single(receiver.Requests).Header("X-Everruns-Signature"));
        Assert.Single(await mcp.CallsAsync());
        responses.Add(await (await client.GetAsync($"/v1/agents/{agent.Id()}/tools")).Content.ReadAsStringAsync());

        foreach (var url in new[] { $"/v1/agents/{agent.Id()}", "/v1/agents", $"/v1/threads/{thread.Id()}", $"/v1/runs/{run.Id()}" })
        {
            responses.Add(await (await client.GetAsync(url)).Content.ReadAsStringAsync());
        }

        responses.AddRange((await client.EventsAsync(run.Id())).Select(f => f.Data));
        responses.Add(await (await client.GetAsync($"/v1/threads/{thread.Id()}/events")).Content.ReadAsStringAsync());
        responses.Add(await (await client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());

        Assert.NotEmpty(logs);
        Assert.NotEmpty(traces);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var planted in new[] { Secret, McpToken })
        {
            Assert.All(responses, body => Assert.DoesNotContain(planted, body, StringComparison.Ordinal));
            Assert.DoesNotContain(logs, line => line.Contains(planted, StringComparison.Ordinal));
            Assert.DoesNotContain(traces, line => line.Contains(planted, StringComparison.Ordinal));
            await using var search = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM agents WHERE definition::text LIKE '%' || @s || '%') + (SELECT count(*) FROM run_events WHERE payload::text LIKE '%' || @s || '%') + (SELECT count(*) FROM messages WHERE content LIKE '%' || @s || '%')",
                connection);
            search.Parameters.AddWithValue("s", planted);
            Assert.Equal(0L, await search.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await factory.DisposeAsync();
        await api.Postgres.DropDatabaseAsync(database);
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Collecting(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }
}
