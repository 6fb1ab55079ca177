using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;
using Temporalio.Common;

namespace Everruns.Tests.Scenarios;

/// <summary>In-process mode: the API as a real child process executes the runs itself; a crash is a SIGKILL and a restart.</summary>
public sealed class InProcessStack : IScenarioStack
{
    private readonly PostgresServer postgres;
    private readonly Dictionary<string, string> environment;
    private readonly int port;
    private ApiProcess process;

    private InProcessStack(PostgresServer postgres, string connectionString, Dictionary<string, string> environment, int port, ApiProcess process)
    {
        this.postgres = postgres;
        this.environment = environment;
        this.port = port;
        this.process = process;
        ConnectionString = connectionString;
        Client = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(100) };
    }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public static async Task<InProcessStack> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?> settings)
    {
        var connectionString = await postgres.CreateDatabaseAsync("everruns_scenario");
        var environment = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var port = FreePort.Find();
        return new InProcessStack(postgres, connectionString, environment, port, await ApiProcess.StartAsync(connectionString, port, environment));
    }

    public async Task CrashAsync()
    {
        await process.KillAsync();
        await process.DisposeAsync();
        process = await ApiProcess.StartAsync(ConnectionString, port, environment);
    }

    public Task<WorkflowHistory?> HistoryAsync(Guid runId) => Task.FromResult<WorkflowHistory?>(null);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await process.DisposeAsync();
        await postgres.DropDatabaseAsync(ConnectionString);
    }
}
