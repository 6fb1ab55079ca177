using Everruns.Data.Agents;
using Everruns.Data.Events;
using Everruns.Worker.Execution;
using Everruns.Worker.Models;
using Everruns.Worker.Temporal;
using Temporalio.Exceptions;

namespace Everruns.Tests.Temporal;

/// <summary>What Temporal is told to do with each kind of failure, what the run then tells its users, and the tools' budgets.</summary>
public sealed class ActivityFailuresTests
{
    [Fact]
    public void Failures_are_classified_as_retryable_or_not_with_the_run_error_code_as_their_type()
    {
        Assert.Equal((RunErrors.ModelConfiguration, true), Of(new ModelConfigurationException("No key.")));
        Assert.Equal((RunErrors.ModelUnreachable, false), Of(new HttpRequestException("Connection refused")));
        Assert.Equal((ActivityFailures.RunNotHeld, true), Of(new LeaseLostException(Guid.NewGuid())));
        Assert.Equal((RunErrors.Internal, false), Of(new TimeoutException()));
        Assert.Equal((RunErrors.Internal, true), Of(new InvalidOperationException("A bug.")));
    }

    [Fact]
    public void A_failure_keeps_the_message_users_may_see_and_carries_the_exception_as_its_cause()
    {
        var bug = new InvalidOperationException("Secret internals.");

        var failure = ActivityFailures.From(bug);

        Assert.Equal(RunErrors.Unexpected.Message, failure.Message);
        Assert.Same(bug, failure.InnerException);
    }

    [Fact]
    public void What_a_failed_step_tells_users_is_what_the_engine_would_say_in_process()
    {
        var provider = ActivityFailures.From(new HttpRequestException("Bad request", null, System.Net.HttpStatusCode.BadRequest));

        Assert.Equal(RunErrors.Describe(new HttpRequestException("Bad request", null, System.Net.HttpStatusCode.BadRequest)),
            ActivityFailures.Describe(new StepFailure(provider.ErrorType, provider.Message)));
        Assert.Equal(RunErrors.TimedOut, ActivityFailures.Describe(new StepFailure(null, null, TimedOut: true)));
        Assert.Equal(RunErrors.Unexpected, ActivityFailures.Describe(new StepFailure(RunErrors.Internal, "TimeoutException: details")));
        Assert.Equal(RunErrors.Unexpected, ActivityFailures.Describe(null));
    }

    [Fact]
    public void A_tool_may_take_its_timeout_for_each_attempt_and_the_tool_activity_a_margin_more()
    {
        var webhook = new ToolDefinition { Name = "lookup", TimeoutSecs = 10, MaxRetries = 2 };

        Assert.Equal(TimeSpan.FromSeconds(45), ToolBudget.For(webhook));
        Assert.Equal(TimeSpan.FromSeconds(35), ToolBudget.For(null));
        var options = ActivityPolicies.ToolCalls(new NextStep.RunTools([], 1, TimeSpan.FromSeconds(45)));
        Assert.Equal(TimeSpan.FromSeconds(45) + ActivityPolicies.ToolMargin, options.StartToCloseTimeout);
        Assert.NotNull(options.HeartbeatTimeout);
    }

    private static (string?, bool) Of(Exception exception)
    {
        var failure = ActivityFailures.From(exception);
        return (failure.ErrorType, failure.NonRetryable);
    }
}
