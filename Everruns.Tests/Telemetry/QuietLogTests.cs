using System.Collections.Concurrent;
using System.Net;
using Everruns.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Everruns.Tests.Telemetry;

/// <summary>With the default log levels, the API says what happened, not every statement, request or poll.</summary>
public sealed class QuietLogTests(ApiFixture api)
{
    [Fact]
    public async Task A_run_and_a_few_idle_seconds_log_no_statement_request_or_poll_at_information()
    {
        var entries = new ConcurrentQueue<(string Category, LogLevel Level, string Message)>();
        var database = await api.Postgres.CreateDatabaseAsync("everruns_quiet");
        try
        {
            await using var factory = new ApiFactory(database, configure: builder => builder.ConfigureTestServices(services =>
                services.AddLogging(logging => logging.AddProvider(new CollectingLoggerProvider(entries)))));
            var client = factory.CreateClient();
            var agent = await client.PostJsonAsync(
                "/v1/agents",
                new { name = "quiet", definition = new { tools = new[] { new { type = "builtin", name = "current_time" } } } },
                HttpStatusCode.Created);
            var (_, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");
            await client.WaitForStatusAsync(run.Id(), "completed");
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

            var chatty = entries.Where(entry => entry.Level <= LogLevel.Information
                && (entry.Category.StartsWith("Npgsql", StringComparison.Ordinal)
                    || entry.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)
                    || entry.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))).ToList();
            Assert.True(chatty.Count == 0, string.Join(Environment.NewLine, chatty.Take(5).Select(entry => $"{entry.Category}: {entry.Message}")));
            Assert.True(
                entries.Count(entry => entry.Level == LogLevel.Information && entry.Message.Contains(run.Id(), StringComparison.Ordinal)) <= 2,
                string.Join(Environment.NewLine, entries.Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}")));
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(database);
        }
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<(string, LogLevel, string)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class Collecting(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
