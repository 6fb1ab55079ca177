using Everruns.Data.Agents;
using Everruns.Data.Events;
using Everruns.Worker.Models;
using Everruns.Worker.Temporal;
using Temporalio.Exceptions;

namespace Everruns.Tests.Temporal;

/// <summary>What Temporal is told to do with each kind of failure, and what the workflow gives each activity.</summary>
public sealed class ActivityFailuresTests
{
    [Fact]
    public void Failures_are_classified_as_retryable_or_not_with_the_run_error_code_as_their_type()
    {
        Assert.Equal((RunFailureCodes.ModelConfiguration, true), Of(new ModelConfigurationException("No key."), modelCall: true));
        Assert.Equal((RunFailureCodes.ModelUnreachable, false), Of(new HttpRequestException("Connection refused"), modelCall: true));
        Assert.Equal((RunFailureCodes.RunNotHeld, true), Of(new LeaseLostException(Guid.NewGuid()), modelCall: false));
        Assert.Equal((RunFailureCodes.Transient, false), Of(new TimeoutException(), modelCall: false));
        Assert.Equal((RunFailureCodes.Internal, true), Of(new InvalidOperationException("A bug."), modelCall: false));
    }

    [Fact]
    public void A_tool_may_take_its_timeout_for_each_attempt_and_the_tool_activity_a_margin_more()
    {
        var webhook = new ToolDefinition { Name = "lookup", TimeoutSecs = 10, MaxRetries = 2 };

        Assert.Equal(TimeSpan.FromSeconds(45), ToolBudget.For(webhook));
        Assert.Equal(TimeSpan.FromSeconds(35), ToolBudget.For(null));
        var options = ActivityPolicies.ToolCalls([new PendingToolCall("a", "lookup", false, 45), new PendingToolCall("b", "x", false, 35)]);
        Assert.Equal(TimeSpan.FromSeconds(45) + ActivityPolicies.ToolMargin, options.StartToCloseTimeout);
        Assert.NotNull(options.HeartbeatTimeout);
    }

    private static (string?, bool) Of(Exception exception, bool modelCall)
    {
        var failure = ActivityFailures.From(exception, modelCall);
        return (failure.ErrorType, failure.NonRetryable);
    }
}
