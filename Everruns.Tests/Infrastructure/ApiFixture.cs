[assembly: AssemblyFixture(typeof(Everruns.Tests.Infrastructure.ApiFixture))]

namespace Everruns.Tests.Infrastructure;

/// <summary>
/// What the whole test run shares: the PostgreSQL server, and one API host for the functional tests.
/// Each test creates the data it uses.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly PostgresServer postgres = new();
    private string connectionString = "";

    public PostgresServer Postgres => postgres;

    /// <summary>
    /// The shared API streams the simulator's tokens fast, so that the suite stays quick; the simulator is on even if
    /// the machine has a provider key in its environment.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Models:Simulator:Enabled"] = "true",
        ["Models:Simulator:TokensPerSecond"] = "200",
        ["Tools:AllowPrivateNetworks"] = "true",
    };

    public ApiFactory Factory { get; private set; } = null!;

    public string ConnectionString => connectionString;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async ValueTask InitializeAsync()
    {
        await postgres.InitializeAsync();
        connectionString = await postgres.CreateDatabaseAsync("everruns_api");
        Factory = new ApiFactory(connectionString, Settings);
        _ = Factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await postgres.DropDatabaseAsync(connectionString);
        await postgres.DisposeAsync();
    }
}
