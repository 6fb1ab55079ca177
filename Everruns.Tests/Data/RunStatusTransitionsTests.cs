using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Runs;
using Everruns.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Everruns.Tests.Data;

/// <summary>The database refuses every change of a run's status that <see cref="RunStatusTransitions"/> does not allow.</summary>
public sealed class RunStatusTransitionsTests(ApiFixture api)
{
    [Fact]
    public async Task The_database_allows_exactly_the_legal_status_changes()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_transitions");
        try
        {
            DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var agent = await connection.ExecuteScalarAsync<Guid>("INSERT INTO agents (name, default_model_id) VALUES ('a', 'sim/default') RETURNING id");

            var refused = new List<string>();
            var allowed = new List<string>();
            foreach (var from in Enum.GetValues<RunStatus>())
            {
                foreach (var to in Enum.GetValues<RunStatus>().Where(to => to != from))
                {
                    var thread = await connection.ExecuteScalarAsync<Guid>("INSERT INTO threads (agent_id) VALUES (@agent) RETURNING id", new { agent });
                    var run = await connection.ExecuteScalarAsync<Guid>(
                        "INSERT INTO runs (agent_id, thread_id, status) VALUES (@agent, @thread, @status) RETURNING id",
                        new { agent, thread, status = from.ToString().ToLowerInvariant() });
                    try
                    {
                        await connection.ExecuteAsync("UPDATE runs SET status = @status WHERE id = @run", new { run, status = to.ToString().ToLowerInvariant() });
                        allowed.Add($"{from}->{to}");
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
                    {
                        refused.Add($"{from}->{to}");
                    }
                }
            }

            var legal = Enum.GetValues<RunStatus>()
                .SelectMany(from => Enum.GetValues<RunStatus>().Where(to => to != from && RunStatusTransitions.IsLegal(from, to)).Select(to => $"{from}->{to}"));
            Assert.Equal(legal.Order(), allowed.Order());
            Assert.Equal(30 - allowed.Count, refused.Count);
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }
}
