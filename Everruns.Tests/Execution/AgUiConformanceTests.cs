using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Execution;

/// <summary>
/// The official <c>@ag-ui/client</c> HttpAgent (npm, 1.x) runs turns against the real API over HTTP: its own
/// schema and ordering checks must accept every stream (see tests/agui-conformance).
/// </summary>
public sealed class AgUiConformanceTests(ApiFixture api)
{
    [Fact]
    public async Task The_official_client_accepts_every_kind_of_turn()
    {
        var folder = Path.Combine(Repository.Root, "tests", "agui-conformance");
        await NodeScript.EnsureInstalledAsync(folder);
        var database = await api.Postgres.CreateDatabaseAsync("everruns_agui");
        var process = await ApiProcess.StartAsync(database, FreePort.Find(), new Dictionary<string, string>
        {
            ["Models__Simulator__TokensPerSecond"] = "200",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        try
        {
            var (exitCode, output) = await NodeScript.RunAsync(
                "node", ["--test", "--test-reporter=spec"], folder,
                new Dictionary<string, string> { ["EVERRUNS_API_URL"] = process.Address.ToString().TrimEnd('/') });

            Assert.True(exitCode == 0, $"The AG-UI conformance suite failed:\n{output}\nAPI:\n{process.RecentOutput}");
            Assert.Contains("pass 7", output, StringComparison.Ordinal);
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(database);
        }
    }
}
