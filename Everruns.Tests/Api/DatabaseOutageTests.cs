using System.Net;
using Everruns.Tests.Infrastructure;
using Npgsql;

namespace Everruns.Tests.Api;

/// <summary>While PostgreSQL cannot be reached the API says so (503, come back later), and recovers by itself.</summary>
public sealed class DatabaseOutageTests(ApiFixture api) : IAsyncLifetime
{
    private string database = "";
    private TcpProxy proxy = null!;
    private ApiFactory factory = null!;

    public async ValueTask InitializeAsync()
    {
        database = await api.Postgres.CreateDatabaseAsync("everruns_outage");
        var direct = new NpgsqlConnectionStringBuilder(database);
        proxy = TcpProxy.Start(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        factory = new ApiFactory(throughProxy, ApiFixture.Settings);
        _ = factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await proxy.DisposeAsync();
        await api.Postgres.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task Requests_during_an_outage_get_503_with_retry_after_and_work_again_after_it()
    {
        var client = factory.CreateClient();
        var agent = await client.CreateAgentAsync();

        await proxy.CutAsync();
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/v1/agents"),
            () => client.GetAsync($"/v1/agents/{agent.Id()}"),
            () => client.PostAsync("/v1/agents", Json.Body(new { name = "during the outage" })),
            () => client.PostAsync("/v1/threads", Json.Body(new { agent_id = agent.Id() })),
            () => client.GetAsync("/v1/runs"),
        };
        foreach (var send in requests)
        {
            using var response = await send();
            var problem = await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Contains("database", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }

        proxy.Restore();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await client.GetAsync("/v1/agents")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The API did not recover after the database came back.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await client.PostJsonAsync("/v1/agents", new { name = "after the outage" }, HttpStatusCode.Created);
    }
}
