using System.Diagnostics;
using Everruns.AppHost.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Execution;

/// <summary>
/// The built web UI in Debian's Chromium (playwright-core) against the real API on PostgreSQL with the simulator:
/// create an agent, chat with a streamed answer, approve a tool call, stop a run, reload mid-stream, open a run's
/// timeline (ui/e2e). Screenshots land in ui/test-results/screenshots.
/// </summary>
public sealed class UiBrowserTests(ApiFixture api)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_ui_works_in_a_real_browser_against_the_real_stack()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (./test.sh does it).");
        var ui = Path.Combine(Repository.Root, "ui");
        await NodeScript.EnsureInstalledAsync(ui);
        if (!File.Exists(Path.Combine(ui, ".next", "BUILD_ID")))
        {
            var (built, buildOutput) = await NodeScript.RunAsync("npm", ["run", "build"], ui, new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
            Assert.True(built == 0, $"npm run build failed:\n{buildOutput}");
        }

        var database = await api.Postgres.CreateDatabaseAsync("everruns_ui");
        var apiProcess = await ApiProcess.StartAsync(database, FreePort.Find(), new Dictionary<string, string>
        {
            ["Models__Simulator__TokensPerSecond"] = "30",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var apiUrl = apiProcess.Address.ToString().TrimEnd('/');
        var uiPort = FreePort.Find();
        using var next = StartUi(ui, uiPort, apiUrl);
        try
        {
            await WaitForUiAsync(uiPort, next);
            var (exitCode, output) = await NodeScript.RunAsync(
                "npm", ["run", "test:e2e"], ui,
                new Dictionary<string, string>
                {
                    ["EVERRUNS_UI_URL"] = $"http://127.0.0.1:{uiPort}",
                    ["EVERRUNS_API_URL"] = apiUrl,
                    ["CHROMIUM_PATH"] = Chromium,
                },
                TimeSpan.FromMinutes(8));

            Assert.True(exitCode == 0, $"The browser tests failed:\n{output}\nAPI:\n{apiProcess.RecentOutput}");
            Assert.Contains("# fail 0", output, StringComparison.Ordinal);
        }
        finally
        {
            next.Kill(entireProcessTree: true);
            await next.WaitForExitAsync();
            await apiProcess.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(database);
        }
    }

    private static Process StartUi(string folder, int port, string apiUrl)
    {
        var start = new ProcessStartInfo("npm", ["run", "start", "--", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-H", "127.0.0.1"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["services__api__http__0"] = apiUrl;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForUiAsync(int port, Process next)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(next.HasExited, "The UI server exited.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail("The UI did not answer within a minute.");
    }
}
