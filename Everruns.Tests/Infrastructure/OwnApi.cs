namespace Everruns.Tests.Infrastructure;

/// <summary>An API host on a database of its own, for tests that count rows or need other settings.</summary>
public sealed class OwnApi : IAsyncDisposable
{
    private OwnApi(PostgresServer postgres, ApiFactory factory)
    {
        Postgres = postgres;
        Factory = factory;
        Client = factory.CreateClient();
    }

    public PostgresServer Postgres { get; }

    public ApiFactory Factory { get; }

    public HttpClient Client { get; }

    public string ConnectionString => Factory.ConnectionString;

    /// <summary>An API that accepts runs but executes none: they stay pending.</summary>
    public static readonly IReadOnlyDictionary<string, string?> QueueOnly = new Dictionary<string, string?>
    {
        ["AgentRunner:MaxConcurrentRuns"] = "0",
    };

    public static async Task<OwnApi> StartAsync(PostgresServer postgres, string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new ApiFactory(await postgres.CreateDatabaseAsync(name), settings);
        _ = factory.Server;
        return new OwnApi(postgres, factory);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Postgres.DropDatabaseAsync(Factory.ConnectionString);
    }
}
