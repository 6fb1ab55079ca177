using System.Diagnostics;
using Everruns.AppHost.Health;
using Everruns.AppHost.Hosting;
using Everruns.AppHost.Output;
using Everruns.AppHost.Processes;

namespace Everruns.Tests.AppHost;

/// <summary>The orchestrator in process, over small shell-script resources.</summary>
public sealed class OrchestratorTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private string Printed => _output + Environment.NewLine + _errors;

    [Fact(Timeout = 30_000)]
    public async Task A_crashed_resource_is_shown_failed_with_its_exit_code_and_last_lines_while_the_others_keep_running()
    {
        var app = new Orchestrator(new LineOutput(_output, _errors, quiet: false));
        var steady = app.Add(Script("steady", "sleep 30"));
        var crashing = app.Add(Script("crashing", "echo 'loading the model'; sleep 0.3; echo 'out of memory' >&2; exit 3"));
        using var stop = new CancellationTokenSource();
        var run = app.RunAsync(stop.Token);

        await WaitUntilAsync(() => _errors.ToString().Contains("out of memory", StringComparison.Ordinal));

        Assert.Equal("exit code 3", crashing.StateDetail);
        Assert.Contains("crashing failed: exited unexpectedly with exit code 3. Its last log lines:", _errors.ToString());
        Assert.Contains("  out of memory", _errors.ToString());
        Assert.Contains("crashing is Failed (exit code 3)", _output.ToString());
        Assert.Equal(ResourceState.Running, steady.State);

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Equal(ResourceState.Stopped, steady.State);
        Assert.Equal(ResourceState.Failed, crashing.State);
    }

    [Fact(Timeout = 30_000)]
    public async Task With_restart_a_crashed_resource_is_started_again_and_its_restarts_are_counted()
    {
        var app = new Orchestrator(new LineOutput(_output, _errors, quiet: false), restartCrashed: true);
        var crashing = app.Add(Script("crashing", "sleep 0.2; exit 1"));
        using var stop = new CancellationTokenSource();
        var run = app.RunAsync(stop.Token);

        await WaitUntilAsync(() => crashing.Restarts >= 2);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Contains("crashing is Restarting (in 1 s)", _output.ToString());
        Assert.Contains("crashing is Restarting (in 2 s), 1 restarts", _output.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_resource_that_exits_before_it_is_healthy_stops_the_start_and_its_dependents_never_start()
    {
        var app = new Orchestrator(new LineOutput(_output, _errors, quiet: false));
        var database = app.Add(Script("database", "echo 'cannot open the data directory'; exit 2")
            .WithHealthCheck(new TcpHealthProbe("127.0.0.1", AppHostProcess.FreePort())));
        var api = app.Add(Script("api", "sleep 30").WaitFor(database));

        Assert.Equal(1, await app.RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ResourceState.Failed, database.State);
        Assert.Equal("exit code 2", database.StateDetail);
        Assert.Contains("database failed: exited with code 2 before it was healthy. Its last log lines:", _errors.ToString());
        Assert.Contains("cannot open the data directory", _errors.ToString());
        Assert.Equal(ResourceState.Waiting, api.State);
        Assert.Null(api.ProcessId);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_goes_dependents_first_and_kills_what_ignores_its_stop_signal()
    {
        var app = new Orchestrator(new LineOutput(_output, _errors, quiet: false));
        var database = app.Add(Script("database", "sleep 30"));
        var stubborn = app.Add(Script("stubborn", "trap '' TERM; echo trapped; while :; do sleep 0.1; done")
            .WithShutdownGrace(TimeSpan.FromSeconds(1))
            .WaitFor(database));
        using var stop = new CancellationTokenSource();
        var run = app.RunAsync(stop.Token);
        await WaitUntilAsync(() => _output.ToString().Contains("stubborn | trapped", StringComparison.Ordinal));
        var stubbornGroup = stubborn.ProcessId!.Value;

        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        Assert.True(stopping.Elapsed > TimeSpan.FromSeconds(1) && stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopped in {stopping.Elapsed}.{Environment.NewLine}{Printed}");
        var output = _output.ToString();
        Assert.True(output.IndexOf("stubborn is Stopping", StringComparison.Ordinal) < output.IndexOf("database is Stopping", StringComparison.Ordinal), Printed);
        Assert.Empty(ProcessTable.InGroup(stubbornGroup));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_resource_that_never_becomes_healthy_is_reported_with_its_last_lines()
    {
        var app = new Orchestrator(new LineOutput(_output, _errors, quiet: false));
        var deaf = app.Add(Script("deaf", "echo 'listening on the wrong port'; sleep 30")
            .WithHealthCheck(new TcpHealthProbe("127.0.0.1", AppHostProcess.FreePort()))
            .WithHealthTimeout(TimeSpan.FromSeconds(1)));

        Assert.Equal(1, await app.RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ResourceState.Failed, deaf.State);
        Assert.Contains("deaf failed: it was not healthy within 1 s. Its last log lines:", _errors.ToString());
        Assert.Contains("listening on the wrong port", _errors.ToString());
    }

    private static ExecutableResource Script(string name, string script) =>
        new(name, new ProcessCommand("/bin/sh", ["-c", script]));

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(15), $"Timed out.{Environment.NewLine}{Printed}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
