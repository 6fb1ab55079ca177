using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Everruns.Data.Database;

/// <summary>
/// Applies the embedded SQL migrations with DbUp before the host starts serving.
/// A failed migration throws, which stops the process.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Migrate(dataSource.ConnectionString, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void Migrate(string connectionString, ILogger logger)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new MigrationLog(logger))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name ?? "(unknown script)";
            throw new InvalidOperationException(
                $"Database migration failed in {script}: {result.Error.Message}. The process stops; fix the migration or the database and start again.",
                result.Error);
        }

        if (result.Scripts.Any())
        {
            logger.LogInformation("Applied database migrations: {Scripts}", string.Join(", ", result.Scripts.Select(script => script.Name)));
        }
    }

    private sealed class MigrationLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);

        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);

        // DbUp's own progress lines; the migrator logs one line of what it applied.
        public void LogInformation(string format, params object[] args) =>
            logger.LogDebug("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogWarning(string format, params object[] args) =>
            logger.LogWarning("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(string format, params object[] args) =>
            logger.LogError("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(ex, "Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
