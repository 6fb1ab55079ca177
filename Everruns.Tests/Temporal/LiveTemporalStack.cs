using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Temporal;

/// <summary>
/// The API in Temporal mode and a worker process, both on a database of their own and on a task queue of their own,
/// against the Temporal server at <c>TEMPORAL_ADDRESS</c>.
/// </summary>
public sealed class LiveTemporalStack : IAsyncDisposable
{
    private readonly PostgresServer postgres;
    private readonly Dictionary<string, string> workerEnvironment;
    private readonly Uri workerAddress;

    private LiveTemporalStack(PostgresServer postgres, TemporalModeApi api, Dictionary<string, string> workerEnvironment, Uri workerAddress)
    {
        this.postgres = postgres;
        Api = api;
        Client = api.CreateClient();
        this.workerEnvironment = workerEnvironment;
        this.workerAddress = workerAddress;
    }

    public static string? ServerAddress => Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 } address ? address : null;

    public TemporalModeApi Api { get; }

    public HttpClient Client { get; }

    public WorkerProcess? Worker { get; private set; }

    public static void SkipWithoutServer()
    {
        if (ServerAddress is null)
        {
            Assert.Skip("TEMPORAL_ADDRESS is not set: the live Temporal suite needs a server (e.g. 'temporal server start-dev').");
        }
    }

    public static string Namespace => Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns ? ns : "default";

    /// <param name="settings">Configuration for both the API and the worker (<c>Section:Key</c>).</param>
    public static async Task<LiveTemporalStack> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?> settings)
    {
        var taskQueue = $"everruns-test-{Guid.NewGuid():N}";

        // The API migrates the database first; the worker starts on a migrated one.
        var api = await TemporalModeApi.StartAsync(postgres, temporal: null, new Dictionary<string, string?>(settings)
        {
            ["Temporal:Address"] = ServerAddress,
            ["Temporal:Namespace"] = Namespace,
            ["Temporal:TaskQueue"] = taskQueue,
        });
        var workerAddress = new Uri($"http://127.0.0.1:{FreePort.Find()}");
        var environment = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ConnectionStrings__everruns"] = api.ConnectionString;
        environment["TEMPORAL_ADDRESS"] = ServerAddress!;
        environment["TEMPORAL_NAMESPACE"] = Namespace;
        environment["TEMPORAL_TASK_QUEUE"] = taskQueue;
        environment["ASPNETCORE_URLS"] = workerAddress.ToString();
        var stack = new LiveTemporalStack(postgres, api, environment, workerAddress);
        await stack.StartWorkerAsync();
        return stack;
    }

    public async Task StartWorkerAsync()
    {
        Worker = WorkerProcess.Start(workerEnvironment);
        await Worker.WaitUntilHealthyAsync(workerAddress);
    }

    public async Task KillWorkerAsync()
    {
        if (Worker is not null)
        {
            await Worker.KillAsync();
            await Worker.DisposeAsync();
            Worker = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillWorkerAsync();
        Client.Dispose();
        await Api.DisposeAsync();
        await postgres.DropDatabaseAsync(Api.ConnectionString);
    }
}
