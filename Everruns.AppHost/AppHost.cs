// The whole local stack: PostgreSQL → database "everruns" → api (→ worker and Temporal in Temporal mode) → ui, with the
// Aspire dashboard. Options: README ("The AppHost"), or `dotnet run --project Everruns.AppHost -- --help`.
using Everruns.AppHost;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(AppHostUsage.Text);
    return 0;
}

try
{
    var builder = DistributedApplication.CreateBuilder(AppHostArguments.Expand(args));
    var settings = AppHostSettings.Load(builder.Configuration);
    if (settings.ResetData)
    {
        DataFolder.Reset(settings.DataRoot, Console.WriteLine);
    }

    // PostgreSQL 18: embedded (default), Aspire's container (--postgres container), or yours (ConnectionStrings:everruns).
    IResourceBuilder<IResourceWithConnectionString> database = settings.Database switch
    {
        DatabaseServer.External => builder.AddConnectionString(AppHostSettings.DatabaseName),
        DatabaseServer.Container => (await builder.AddPostgresContainerAsync("postgres", settings.PostgresPort)).AddDatabase(AppHostSettings.DatabaseName),
        _ => builder.AddEmbeddedPostgres("postgres", settings.DataFolder("postgres"), settings.PostgresPort, settings.Cache).AddDatabase(AppHostSettings.DatabaseName),
    };

    // Temporal mode: `temporal server start-dev`, unless a server is given (--temporal-address).
    var temporal = settings.Mode is RunnerMode.Temporal
        ? new TemporalTarget(
            settings.TemporalAddress is null
                ? builder.AddTemporalDevServer("temporal", settings.DataFolder("temporal"), settings.TemporalPort, settings.TemporalUiPort)
                : null,
            settings.TemporalAddress,
            settings.TemporalNamespace,
            settings.TemporalTaskQueue)
        : null;

    Ports.EnsureFree(settings.ApiPort, "API", "--api-port <port> (Api:Port)");
    var api = builder.AddProject<Projects.Everruns_Api>("api")
        .WithHttpEndpoint(port: settings.ApiPort, targetPort: settings.ApiPort, name: "http", isProxied: false)
        .WithHttpHealthCheck("/health")
        .WithReference(database)
        .WaitFor(database)
        .WithEnvironment("AgentRunner__Mode", settings.Mode.ToString())
        .WithUrlForEndpoint("http", url => url.DisplayText = "API")
        .WithUrl(FormattableString.Invariant($"http://localhost:{settings.ApiPort}/scalar"), "API reference (Scalar)");

    if (temporal is not null)
    {
        api.WithTemporal(temporal);
        builder.AddProject<Projects.Everruns_Worker>("worker")
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health")
            .WithReference(database)
            .WaitFor(database)
            .WaitFor(api) // the API applies the migrations
            .WithEnvironment("AgentRunner__Mode", nameof(RunnerMode.Temporal))
            .WithTemporal(temporal);
    }

    if (settings.UiEnabled)
    {
        Ports.EnsureFree(settings.UiPort, "web UI", "--ui-port <port> (Ui:Port)");
        builder.AddNextApp("ui", "../ui", settings.UiPort)
            .WithReference(api)
            .WaitFor(api)
            .WithHttpHealthCheck("/")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Web UI");
    }

    await builder.Build().RunAsync();
    return 0;
}
catch (AppHostSetupException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
