using Everruns.AppHost.Hosting;
using Everruns.AppHost.Node;
using Everruns.AppHost.Output;
using Everruns.AppHost.Postgres;
using Everruns.AppHost.Telemetry;
using Everruns.AppHost.Temporal;

namespace Everruns.AppHost;

// Named, rather than top-level statements, so that it does not collide with the API's Program in the tests.
internal static class AppHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(AppHostSettings.Usage);
            return 0;
        }

        AppHostSettings settings;
        try
        {
            settings = AppHostSettings.Load(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(ConsoleOutput.Prefix(ConsoleOutput.Self, e.Message));
            return 2;
        }

        var output = ConsoleOutput.Create(settings.Quiet);
        try
        {
            var model = await PlanAsync(settings, output);
            if (settings.ResetData)
            {
                DataFolder.Reset(EverrunsPaths.DataRoot, output.Notice);
            }

            return await model.Build(output).RunAsync();
        }
        catch (Exception e) when (e is SetupException or FileNotFoundException or InvalidOperationException)
        {
            output.Error(e.Message);
            return 1;
        }
    }

    /// <summary>Decides what runs, and fails with one clear message on what is missing, before anything starts.</summary>
    private static async Task<AppModel> PlanAsync(AppHostSettings settings, ConsoleOutput output)
    {
        var temporal = settings.Mode == RunnerMode.Temporal ? TemporalServer.Choose(settings) : null;
        if (temporal is TemporalServer.External external)
        {
            output.Info($"Temporal mode, with the Temporal server at {external.Address} (TEMPORAL_ADDRESS).");
        }

        var api = BuiltProject.Api;
        var worker = temporal is null ? null : BuiltProject.Worker;
        var ui = UiApp.Find(BuiltProject.RepositoryRoot, settings, output.Info, output.Notice);
        var telemetry = await TelemetryChoice.ChooseAsync(settings, ContainerEngine.FromEnvironment(), CancellationToken.None);
        output.Notice(telemetry.Line);
        return new AppModel(settings, telemetry, api, temporal, worker, ui);
    }
}
