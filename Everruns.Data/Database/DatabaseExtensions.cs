using System.Diagnostics;
using Dapper;
using Everruns.Data.Agents;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Secrets;
using Everruns.Data.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Everruns.Data.Database;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the <see cref="NpgsqlDataSource"/> of <c>ConnectionStrings:{connectionName}</c> with Aspire.Npgsql (its
    /// health check, tracing and metrics come with it) and Everruns' pool settings, then the start-up migrations, the
    /// secrets at rest and the stores.
    /// </summary>
    public static TBuilder AddEverrunsDatabase<TBuilder>(this TBuilder builder, string connectionName = "everruns")
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Start Everruns with 'dotnet run --project Everruns.AppHost', " +
                $"or set ConnectionStrings__{connectionName} to a PostgreSQL 18 connection string.");
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.AddNpgsqlDataSource(
            connectionName,
            settings => settings.ConnectionString = WithPoolDefaults(settings.ConnectionString!),
            dataSource => dataSource.ConfigureTracing(tracing => tracing
                // Statements outside any request or run are the runners' polls and lease renewals: a trace each
                // would bury the ones that matter.
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)));

        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddEverrunsSecrets();

        builder.Services.AddSingleton<AgentStore>();
        builder.Services.AddSingleton<ThreadStore>();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunContextStore>();
        builder.Services.AddSingleton<RunEventStore>();
        builder.Services.AddSingleton<Approvals.ToolApprovalStore>();
        builder.Services.AddSingleton<Keys.ApiKeyStore>();

        return builder;
    }

    /// <summary>
    /// A few connections per core. Every statement Everruns runs is short, so more connections than the database
    /// has cores add no throughput; they add backends that compete for the CPU and for the same index pages, and a
    /// burst of requests (500 runs started in a second) would take all of it from the event writer, which delivery
    /// latency depends on. Waiting for a pooled connection queues the burst instead.
    /// </summary>
    public static int DefaultMaxPoolSize => Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>
    /// The same few statements run over and over: PostgreSQL prepares them once per connection rather than parsing
    /// and planning them every time. Pooled connections skip the reset on return (a DISCARD ALL per use), since
    /// Everruns keeps no session state on them. The pool is sized by <see cref="DefaultMaxPoolSize"/>. A connection
    /// string that sets any of these keeps its own value.
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }

        return settings.ConnectionString;
    }
}
