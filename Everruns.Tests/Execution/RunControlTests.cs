using Everruns.Worker.Execution;

namespace Everruns.Tests.Execution;

/// <summary>The lease renewal may stop a run at the moment the run ends and lets go of its control.</summary>
public sealed class RunControlTests
{
    [Fact]
    public void Stopping_a_run_that_has_ended_does_nothing()
    {
        var control = new RunControl();
        control.Dispose();

        control.Stop(StopReason.LeaseLost);

        Assert.Equal(StopReason.LeaseLost, control.Reason);
    }

    [Fact]
    public void The_first_reason_to_stop_is_the_one_kept()
    {
        using var control = new RunControl();

        control.Stop(StopReason.CancelRequested);
        control.Stop(StopReason.LeaseLost);

        Assert.True(control.Token.IsCancellationRequested);
        Assert.Equal(StopReason.CancelRequested, control.Reason);
    }
}
