using Everruns.Data.Database;
using Everruns.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Everruns.Tests.Data;

public sealed class MigrationTests(ApiFixture api)
{
    [Fact]
    public async Task Migrations_apply_once_and_again_without_change()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_migrate");
        try
        {
            DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
            DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('agents','threads','messages','runs','run_events')",
                connection);
            Assert.Equal(5L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_failed_migration_stops_the_api_with_a_clear_message()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_broken");
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = new NpgsqlCommand("CREATE TABLE agents (something int)", connection);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await using var factory = new ApiFactory(connectionString);
            var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

            var message = failure is AggregateException aggregate ? aggregate.InnerException!.Message : failure.Message;
            Assert.Contains("Database migration failed in", message, StringComparison.Ordinal);
            Assert.Contains("0001_initial_schema.sql", message, StringComparison.Ordinal);
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Ids_are_uuid_v7_from_the_database()
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_ids");
        try
        {
            DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                "INSERT INTO agents (name, default_model_id) VALUES ('a', 'sim/default') RETURNING id", connection);
            var id = (Guid)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal(7, id.Version);
        }
        finally
        {
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }
}
