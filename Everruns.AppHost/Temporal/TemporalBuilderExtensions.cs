using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Everruns.AppHost;
using Everruns.Hosting.Processes;

namespace Aspire.Hosting;

/// <summary>Temporal for Temporal mode: <c>temporal server start-dev</c> run by the AppHost, or a server of yours.</summary>
public static class TemporalBuilderExtensions
{
    public const string Missing =
        "Temporal mode needs a Temporal server, but the `temporal` CLI is not on PATH and no address is set: install the CLI "
        + "(https://docs.temporal.io/cli#install, e.g. `brew install temporal`, or `curl -sSf https://temporal.download/cli.sh | sh` "
        + "and add ~/.temporalio/bin to PATH) so that the AppHost runs `temporal server start-dev`, or give a running server with "
        + "--temporal-address <host:port> (Temporal:Address, TEMPORAL_ADDRESS).";

    /// <summary>
    /// Adds <c>temporal server start-dev</c> on 127.0.0.1 (gRPC endpoint <c>grpc</c>, web UI endpoint <c>ui</c>), its
    /// database kept in <paramref name="dataDirectory"/>. Healthy once its web UI answers, which it serves after the server.
    /// </summary>
    /// <exception cref="AppHostSetupException">The <c>temporal</c> CLI is not on PATH.</exception>
    public static IResourceBuilder<ExecutableResource> AddTemporalDevServer(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, int port, int uiPort)
    {
        var cli = ExecutableSearch.Find(OperatingSystem.IsWindows() ? "temporal.exe" : "temporal")
            ?? throw new AppHostSetupException(Missing);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((_, _) =>
        {
            Directory.CreateDirectory(dataDirectory);
            return Task.CompletedTask;
        });

        return builder.AddExecutable(
                name,
                cli,
                dataDirectory,
                "server", "start-dev",
                "--db-filename", Path.Combine(dataDirectory, "temporal.db"),
                "--ip", "127.0.0.1",
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--ui-port", uiPort.ToString(CultureInfo.InvariantCulture))
            .WithEndpoint(name: "grpc", port: port, targetPort: port, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: "ui", port: uiPort, targetPort: uiPort, isProxied: false)
            .WithHttpHealthCheck("/", endpointName: "ui")
            .WithUrlForEndpoint("ui", url => url.DisplayText = "Temporal UI");
    }

    /// <summary>Points a service at Temporal: <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>, <c>TEMPORAL_TASK_QUEUE</c>.</summary>
    public static IResourceBuilder<T> WithTemporal<T>(
        this IResourceBuilder<T> builder, TemporalTarget temporal)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        builder.WithEnvironment("TEMPORAL_NAMESPACE", temporal.Namespace)
            .WithEnvironment("TEMPORAL_TASK_QUEUE", temporal.TaskQueue);
        if (temporal.DevServer is { } devServer)
        {
            var grpc = devServer.GetEndpoint("grpc");
            return builder
                .WithEnvironment("TEMPORAL_ADDRESS", ReferenceExpression.Create($"{grpc.Property(EndpointProperty.IPV4Host)}:{grpc.Property(EndpointProperty.Port)}"))
                .WaitFor(devServer);
        }

        return builder.WithEnvironment("TEMPORAL_ADDRESS", temporal.Address);
    }
}

/// <summary>Where Temporal mode's services find Temporal: the dev server the AppHost runs, or an address.</summary>
public sealed record TemporalTarget(IResourceBuilder<ExecutableResource>? DevServer, string? Address, string Namespace, string TaskQueue);
