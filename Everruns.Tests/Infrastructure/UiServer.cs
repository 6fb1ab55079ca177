using System.Diagnostics;
using System.Globalization;
using Everruns.Hosting.Processes;

namespace Everruns.Tests.Infrastructure;

/// <summary>The built web UI (<c>npm start</c> in ui/), forwarding to the API at the given address.</summary>
public sealed class UiServer : IAsyncDisposable
{
    private readonly Process process;

    private UiServer(Process process, int port)
    {
        this.process = process;
        Address = $"http://127.0.0.1:{port}";
    }

    public static string Folder { get; } = Path.Combine(Repository.Root, "ui");

    public string Address { get; }

    /// <summary>Installs and builds the UI unless that was done already (./test.sh builds it before the tests).</summary>
    public static async Task EnsureBuiltAsync()
    {
        await NodeScript.EnsureInstalledAsync(Folder);
        if (!File.Exists(Path.Combine(Folder, ".next", "BUILD_ID")))
        {
            var (built, output) = await NodeScript.RunAsync("npm", ["run", "build"], Folder, new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
            Assert.True(built == 0, $"npm run build failed:\n{output}");
        }
    }

    public static async Task<UiServer> StartAsync(string apiUrl)
    {
        var port = FreePort.Find();
        var start = new ProcessStartInfo("npm", ["run", "start", "--", "-p", port.ToString(CultureInfo.InvariantCulture), "-H", "127.0.0.1"])
        {
            WorkingDirectory = Folder,
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
        var ui = new UiServer(process, port);
        try
        {
            await ui.WaitUntilServingAsync();
        }
        catch
        {
            await ui.DisposeAsync();
            throw;
        }

        return ui;
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(process.HasExited, "The UI server exited.");
            try
            {
                if ((await http.GetAsync(Address)).IsSuccessStatusCode)
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
