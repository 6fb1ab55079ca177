using Everruns.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace Everruns.Tests.AppHost;

public sealed class AppHostSettingsTests
{
    [Fact]
    public void Defaults_run_the_in_process_stack_with_the_ui_on_3000_and_the_api_on_9000()
    {
        var settings = Load([]);

        Assert.Equal(9000, settings.ApiPort);
        Assert.Equal(3000, settings.UiPort);
        Assert.True(settings.UiEnabled);
        Assert.True(settings.DashboardEnabled);
        Assert.Equal(RunnerMode.InProcess, settings.Mode);
        Assert.False(settings.Quiet || settings.Restart || settings.ResetData);
    }

    [Fact]
    public void Flags_and_options_are_read_in_both_forms()
    {
        var settings = Load(["--no-ui", "--quiet", "--restart", "--reset-data", "--no-dashboard", "--ui-port=3100", "--api-port", "9100", "--mode", "temporal"]);

        Assert.False(settings.UiEnabled);
        Assert.False(settings.DashboardEnabled);
        Assert.True(settings.Quiet && settings.Restart && settings.ResetData);
        Assert.Equal(3100, settings.UiPort);
        Assert.Equal(9100, settings.ApiPort);
        Assert.Equal(RunnerMode.Temporal, settings.Mode);
    }

    [Theory]
    [InlineData("AGENT_RUNNER_MODE", "temporal")]
    [InlineData("AgentRunner:Mode", "Temporal")]
    public void The_runner_mode_comes_from_configuration_too(string key, string value) =>
        Assert.Equal(RunnerMode.Temporal, Load([], new() { [key] = value }).Mode);

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        var settings = Load(["--mode", "inprocess", "--otlp-endpoint", "http://collector:4317"], new()
        {
            ["AgentRunner:Mode"] = "temporal",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://other:4317",
        });

        Assert.Equal(RunnerMode.InProcess, settings.Mode);
        Assert.Equal("http://collector:4317", settings.OtlpEndpoint);
    }

    [Fact]
    public void Reset_data_is_only_taken_from_the_command_line() =>
        Assert.False(Load([], new() { ["AppHost:ResetData"] = "true" }).ResetData);

    [Fact]
    public void Temporal_settings_come_from_the_temporal_variables() =>
        Assert.Equal(
            ("temporal.example:7233", "ns", "queue"),
            Load([], new() { ["TEMPORAL_ADDRESS"] = "temporal.example:7233", ["TEMPORAL_NAMESPACE"] = "ns", ["TEMPORAL_TASK_QUEUE"] = "queue" }) is var settings
                ? (settings.TemporalAddress, settings.TemporalNamespace, settings.TemporalTaskQueue)
                : default);

    [Theory]
    [InlineData("--no-iu", "Unknown option '--no-iu'")]
    [InlineData("--api-port", "--api-port needs a value")]
    [InlineData("--mode=cloud", "it must be 'inprocess' or 'temporal'")]
    [InlineData("--ui-port=70000", "Ui:Port must be a TCP port")]
    public void Mistakes_are_refused_with_what_is_wrong(string argument, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => Load([argument])).Message);

    private static AppHostSettings Load(string[] args, Dictionary<string, string?>? environment = null) =>
        AppHostSettings.Load(args, new ConfigurationBuilder().AddInMemoryCollection(environment ?? []).Build());
}
