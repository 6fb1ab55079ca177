[assembly: AssemblyFixture(typeof(Everruns.Tests.Infrastructure.ApiFixture))]

namespace Everruns.Tests.Infrastructure;

/// <summary>One API host shared by the functional tests. Each test creates the data it uses.</summary>
public sealed class ApiFixture(PostgresServer postgres) : IAsyncLifetime
{
    private string connectionString = "";

    public ApiFactory Factory { get; private set; } = null!;

    public string ConnectionString => connectionString;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async ValueTask InitializeAsync()
    {
        connectionString = await postgres.CreateDatabaseAsync("everruns_api");
        Factory = new ApiFactory(connectionString);
        _ = Factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await postgres.DropDatabaseAsync(connectionString);
    }
}
