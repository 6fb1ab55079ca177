using Everruns.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace Everruns.Tests.Temporal;

/// <summary>
/// The real API in Temporal mode, on a database of its own, talking through the given Temporal client (one that
/// records its calls, or a simulated server's), or to the server its settings name when there is none.
/// </summary>
public sealed class TemporalModeApi(string connectionString, ITemporalClient? temporal, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<Program>
{
    public const string TaskQueue = "everruns-test-queue";

    public string ConnectionString { get; } = connectionString;

    public static async Task<TemporalModeApi> StartAsync(
        PostgresServer postgres, ITemporalClient? temporal, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var api = new TemporalModeApi(await postgres.CreateDatabaseAsync("everruns_dispatch"), temporal, settings ?? new Dictionary<string, string?>());
        _ = api.Server;
        return api;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:everruns", ConnectionString);
        builder.UseSetting("AgentRunner:Mode", "Temporal");
        builder.UseSetting("Temporal:TaskQueue", TaskQueue);
        builder.UseSetting("Temporal:SweepInterval", "00:00:00.200");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (temporal is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(temporal));
        }
    }
}
