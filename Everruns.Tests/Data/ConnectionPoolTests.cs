using Everruns.Data.Database;
using Everruns.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Everruns.Tests.Data;

/// <summary>A burst of requests queues for a few connections instead of opening a backend per request.</summary>
public sealed class ConnectionPoolTests(ApiFixture api)
{
    [Fact]
    public async Task The_pool_holds_a_few_connections_per_core()
    {
        await AssertPoolSizeAsync(extraSettings: "", expected: DatabaseExtensions.DefaultMaxPoolSize);
    }

    [Fact]
    public async Task A_connection_string_that_sizes_the_pool_keeps_its_size()
    {
        await AssertPoolSizeAsync(extraSettings: ";Maximum Pool Size=3", expected: 3);
    }

    private async Task AssertPoolSizeAsync(string extraSettings, int expected)
    {
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_pool");
        var open = new List<NpgsqlConnection>();
        try
        {
            using var host = DataHost(connectionString + ";Timeout=1" + extraSettings);
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            for (var i = 0; i < expected; i++)
            {
                open.Add(await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken));
            }

            var exhausted = await Assert.ThrowsAsync<NpgsqlException>(() => dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken).AsTask());
            Assert.Contains("pool has been exhausted", exhausted.Message);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }

            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static IHost DataHost(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:everruns"] = connectionString });
        builder.AddEverrunsDatabase();
        return builder.Build();
    }
}
