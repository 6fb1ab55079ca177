extern alias AppHost;

using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Everruns.Hosting.Postgres;
using Everruns.Hosting.Processes;

namespace Everruns.Tests.Infrastructure;

/// <summary>
/// The real app model of Everruns.AppHost, started with Aspire.Hosting.Testing: the embedded PostgreSQL in a data
/// folder of this test's own (binaries from the shared cache), the API and, when asked, the web UI, on free ports.
/// </summary>
public sealed class AspireStack : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly DistributedApplication app;
    private readonly string home;

    private AspireStack(DistributedApplication app, string home)
    {
        this.app = app;
        this.home = home;
    }

    public DistributedApplication App => app;

    /// <summary>The folder the stack keeps its data in (its EVERRUNS_HOME).</summary>
    public string Home => home;

    /// <summary>Starts the stack and waits until every resource it runs is healthy.</summary>
    /// <param name="apiSettings">Environment variables for the API, on top of what the AppHost gives it.</param>
    public static async Task<AspireStack> StartAsync(bool withUi, IReadOnlyDictionary<string, string>? apiSettings = null)
    {
        var home = Path.Combine(Path.GetTempPath(), $"everruns-aspire-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        Directory.CreateSymbolicLink(Path.Combine(home, "cache"), EverrunsPaths.Cache);

        string[] args =
        [
            $"--EVERRUNS_HOME={home}",
            $"--Api:Port={Port(FreePort.Find())}",
            $"--Ui:Port={Port(FreePort.Find())}",
            $"--Ui:Enabled={withUi}",
            // The test's own settings, not those of whoever runs the tests.
            "--AgentRunner:Mode=InProcess",
        ];
        using var starting = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Everruns_AppHost>(args, starting.Token);
        var api = builder.CreateResourceBuilder<ProjectResource>("api");
        foreach (var (name, value) in apiSettings ?? new Dictionary<string, string>())
        {
            api.WithEnvironment(name, value);
        }

        var app = await builder.BuildAsync(starting.Token);
        var stack = new AspireStack(app, home);
        try
        {
            await app.StartAsync(starting.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("api", starting.Token);
            if (withUi)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync("ui", starting.Token);
            }
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    public HttpClient CreateHttpClient(string resource) => app.CreateHttpClient(resource);

    /// <summary>The address of a resource's http endpoint, without a trailing slash.</summary>
    public string Address(string resource) => app.GetEndpoint(resource, "http").ToString().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await app.StopAsync(stopping.Token);
        }
        finally
        {
            await app.DisposeAsync();
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A server still shutting down may hold a file; the folder is in the temp folder anyway.
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
