using Dapper;
using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Database;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Runners;
using Everruns.Worker.Temporal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Everruns.Tests.Temporal;

/// <summary>
/// What a Temporal worker has, minus Temporal: the agent execution services and the activities, on a database of
/// its own, for running activities in an <c>ActivityEnvironment</c>. Creates the agents, threads and runs directly.
/// </summary>
public sealed class ActivityTestHost : IAsyncDisposable
{
    public const string Model = "sim/default";

    private readonly IHost host;
    private readonly PostgresServer? postgres;
    private readonly string connectionString;
    private readonly List<AsyncServiceScope> scopes = [];

    /// <param name="postgres">The server to drop the host's database from when it is disposed; null when the database is not the host's own.</param>
    private ActivityTestHost(IHost host, PostgresServer? postgres, string connectionString)
    {
        this.host = host;
        this.postgres = postgres;
        this.connectionString = connectionString;
    }

    public IServiceProvider Services => host.Services;

    /// <param name="tokensPerSecond">The simulator's streaming rate; 0 streams as fast as it can.</param>
    /// <param name="settings">More configuration, e.g. <c>AgentRunner:MaxIterations</c>.</param>
    public static async Task<ActivityTestHost> StartAsync(
        PostgresServer postgres, double tokensPerSecond = 0, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("everruns_temporal");
        return await StartAsync(connectionString, postgres, tokensPerSecond, settings);
    }

    /// <summary>A worker on a database that someone else made (and migrated), which it leaves in place when disposed.</summary>
    public static Task<ActivityTestHost> JoinAsync(string connectionString, IReadOnlyDictionary<string, string?> settings) =>
        StartAsync(connectionString, postgres: null, tokensPerSecond: 0, settings);

    private static async Task<ActivityTestHost> StartAsync(
        string connectionString, PostgresServer? postgres, double tokensPerSecond, IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:everruns"] = connectionString,
            ["Models:Simulator:TokensPerSecond"] = tokensPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Models:MaxRetries"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddEverrunsDatabase("everruns");
        builder.AddAgentExecution();
        builder.Services.AddSingleton(new TemporalOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        builder.Services.AddScoped<AgentRunActivities>();

        var host = builder.Build();
        await host.StartAsync();
        return new ActivityTestHost(host, postgres, connectionString);
    }

    /// <summary>The activities as the worker makes them: one instance per activity execution, in a scope of its own.</summary>
    public AgentRunActivities Activities()
    {
        var scope = host.Services.CreateAsyncScope();
        scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<AgentRunActivities>();
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Stops the host's services (its event writer stores what it has and takes nothing more) without disposing it.</summary>
    public Task StopAsync() => host.StopAsync();

    /// <summary>A new agent and thread with the user's message, and a pending run on them.</summary>
    public async Task<Run> CreateRunAsync(string message, string model = Model, params ToolDefinition[] tools)
    {
        var agent = await Get<AgentStore>().CreateAsync(new NewAgent(
            $"agent-{Guid.NewGuid():N}", null, model, new AgentDefinition { SystemPrompt = "You are helpful.", Tools = tools }));
        var thread = await Get<ThreadStore>().CreateAsync(new NewThread(agent.Id, "temporal test", null));
        await Get<MessageStore>().AddAsync(new NewMessage(thread.Id, MessageRole.User, message));
        var creation = await Get<RunStore>().CreateAsync(new NewRun(agent.Id, thread.Id, null));
        return Assert.IsType<RunCreation.Created>(creation).Run;
    }

    public async Task<Run> RunAsync(Guid runId) => (await Get<RunStore>().GetAsync(runId))!;

    public async Task<string?> LeaseOwnerAsync(Guid runId)
    {
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT lease_owner FROM runs WHERE id = @runId", new { runId });
    }

    public async Task<IReadOnlyList<AgUiEvent>> EventsAsync(Guid runId)
    {
        var stored = await Get<RunEventStore>().ListAfterAsync(runId, 0, 10_000);
        return [.. stored.Select(e => AgUiJson.Deserialize(e.Json))];
    }

    public async Task<IReadOnlyList<Message>> MessagesAsync(Run run) => await Get<MessageStore>().ListAllAsync(run.ThreadId);

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        await host.StopAsync();
        host.Dispose();
        if (postgres is not null)
        {
            await postgres.DropDatabaseAsync(connectionString);
        }
    }
}
