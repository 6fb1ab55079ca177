using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Everruns.AppHost;
using Everruns.AppHost.Ui;
using Everruns.Hosting.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>A Next.js app as an executable resource (no JavaScript hosting integration of Aspire 13 is served here).</summary>
public static class NextAppBuilderExtensions
{
    /// <summary>
    /// Adds the Next.js app in <paramref name="appDirectory"/>, served by <c>next start</c> on 127.0.0.1:<paramref name="port"/>.
    /// Before it starts, <c>npm ci</c> runs when <c>node_modules</c> is missing or older than the lock file, and
    /// <c>next build</c> when the build is older than the sources; their output is the resource's log.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddNextApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, int port)
    {
        appDirectory = Path.GetFullPath(appDirectory, builder.AppHostDirectory);
        if (ExecutableSearch.Find(OperatingSystem.IsWindows() ? "node.exe" : "node") is null)
        {
            throw new AppHostSetupException($"The {name} needs Node.js 20.9 or newer with npm, which is not on PATH: install Node.js, or start with --no-ui.");
        }

        var resource = builder.AddExecutable(
                name,
                "node",
                appDirectory,
                // Run next itself rather than `npm start`: the process the AppHost stops is then the server, not its parent.
                Path.Combine("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1")
            .WithHttpEndpoint(port: port, targetPort: port, env: "PORT", isProxied: false)
            .WithEnvironment("NEXT_TELEMETRY_DISABLED", "1")
            .WithOtlpExporter();

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource.Resource, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource.Resource);
            await NodeAppBuild.EnsureFreshAsync(appDirectory, line => logger.LogInformation("{Line}", line), ct);
        });

        return resource;
    }
}
