using Everruns.Data.AgUi;
using Everruns.Worker.Execution;
using static Everruns.Data.AgUi.AgUiEventTypes;

namespace Everruns.Tests.Scenarios;

/// <summary>The scenarios every runner must get right, each with what must be stored afterwards.</summary>
public static class ScenarioCatalog
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("plain-answer", "Tell me about durable execution.")
        {
            Expect = outcome =>
            {
                Expect.Ended(outcome, "completed");
                Expect.Shape(outcome, RunStarted, StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, Custom, StepFinished, RunFinished);
                Assert.Null(Expect.Finished(outcome).Outcome);
                Expect.Roles(outcome, "assistant");
                Expect.OneAnswerShown(outcome);
            },
        },
        new("backend-tools", "What time is it? [tool:current_time]")
        {
            Agent = _ => new { tools = new[] { new { type = "builtin", name = "current_time" } } },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "completed");
                Expect.Shape(
                    outcome,
                    RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished,
                    StepStarted, ToolCallResult, StepFinished,
                    StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, Custom, StepFinished, RunFinished);
                Expect.Roles(outcome, "assistant", "tool", "assistant");
                Assert.Contains("utc", outcome.RunMessages[1].Content, StringComparison.Ordinal);
                Assert.Equal(outcome.RunMessages[0].ToolCallIds, [outcome.RunMessages[1].ToolCallId!]);
                Expect.OneAnswerShown(outcome);
            },
        },
        new("frontend-tool", "Ask me. [tool:pick_colour]")
        {
            ClientTools = [new { name = "pick_colour", description = "Asks the user for a colour", parameters = new { type = "object", properties = new { } } }],
            Expect = outcome =>
            {
                Expect.Ended(outcome, "completed");
                Expect.Shape(outcome, RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished, RunFinished);
                Expect.Roles(outcome, "assistant");
                var call = Assert.Single(outcome.RunMessages[0].ToolCallIds);
                var success = Assert.IsType<RunFinishedSuccessOutcome>(Expect.Finished(outcome).Outcome);
                Assert.Equal([call], success.PendingToolCallIds);
            },
        },
        new("approval-approved", "Refund it. [tool:refund {\"order\":\"A-1\"}]")
        {
            Agent = Refunds,
            Act = async run =>
            {
                await run.AnswerApprovalAsync("approve");
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.ApprovedTurns(outcome, "approved");
                Assert.Equal("A-1", Assert.Single(outcome.WebhookRequests).BodyJson!["order"]!.GetValue<string>());
                Assert.Contains("refunded", outcome.RunMessages[1].Content, StringComparison.Ordinal);
            },
        },
        new("approval-edited", "Refund it. [tool:refund {\"order\":\"A-1\"}]")
        {
            Agent = Refunds,
            Act = async run =>
            {
                await run.AnswerApprovalAsync("approve", arguments: new { order = "B-2" });
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.ApprovedTurns(outcome, "approved");
                Assert.Equal("B-2", Assert.Single(outcome.WebhookRequests).BodyJson!["order"]!.GetValue<string>());
            },
        },
        new("approval-denied", "Refund it. [tool:refund {\"order\":\"A-1\"}]")
        {
            Agent = Refunds,
            Act = async run =>
            {
                await run.AnswerApprovalAsync("deny", reason: "Not eligible");
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.ApprovedTurns(outcome, "denied");
                Assert.Empty(outcome.WebhookRequests);
                Assert.Contains("denied this tool call: Not eligible", outcome.RunMessages[1].Content, StringComparison.Ordinal);
            },
        },
        new("approval-expired", "Refund it. [tool:refund {\"order\":\"A-1\"}]")
        {
            Agent = Refunds,
            Settings = new Dictionary<string, string?> { ["AgentRunner:ApprovalTimeout"] = "00:00:01" },
            Act = async run =>
            {
                await run.WaitForStatusAsync("waiting");
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.ApprovedTurns(outcome, "expired");
                Assert.Empty(outcome.WebhookRequests);
                Assert.Contains("Nobody approved this tool call in time", outcome.RunMessages[1].Content, StringComparison.Ordinal);
            },
        },
        new("cancel-while-streaming", "Write at length. [long:400]")
        {
            Settings = new Dictionary<string, string?> { ["Models:Simulator:TokensPerSecond"] = "20" },
            Act = async run =>
            {
                await run.WaitUntilStreamingAsync();
                await run.CancelAsync();
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "cancelled");
                Expect.Shape(outcome, RunStarted, StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, StepFinished, Custom, RunFinished);
                Assert.IsType<RunFinishedCancelledOutcome>(Expect.Finished(outcome).Outcome);

                // What was streamed is kept, cut short, under the id it was streamed with, and its tokens are counted.
                Expect.Roles(outcome, "assistant");
                var answer = outcome.RunMessages[0];
                Assert.True(answer.CutShort);
                Assert.Equal(outcome.Events.OfType<TextMessageStartEvent>().Single().MessageId, answer.Id.ToString());
                Assert.InRange(answer.Content.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 1, 399);
                Expect.OneAnswerShown(outcome);
                var usage = Assert.Single(outcome.Events.OfType<CustomEvent>()).Value;
                Assert.True(usage.GetProperty("cut_short").GetBoolean());
                Assert.Equal(
                    (outcome.Run.InputTokens, outcome.Run.OutputTokens),
                    (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()));
                Assert.Equal(TokenEstimate.Of(answer.Content), outcome.Run.OutputTokens);
                Assert.True(outcome.Run.InputTokens > 0);
            },
        },
        new("cancel-while-waiting", "Refund it. [tool:refund {\"order\":\"A-1\"}]")
        {
            Agent = Refunds,
            Act = async run =>
            {
                await run.WaitForStatusAsync("waiting");
                await run.CancelAsync();
                await run.WaitForEndAsync();
            },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "cancelled");
                Expect.Shape(
                    outcome,
                    RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished, RunFinished,
                    RunStarted, RunFinished);
                Assert.IsType<RunFinishedCancelledOutcome>(Expect.Finished(outcome).Outcome);
                Assert.Empty(outcome.WebhookRequests);
                Expect.Roles(outcome, "assistant");
            },
        },
        new("model-error", "Fail, please. [error:400]")
        {
            Expect = outcome =>
            {
                Expect.Ended(outcome, "failed");
                Expect.Shape(outcome, RunStarted, StepStarted, StepFinished, RunError);
                var error = Assert.IsType<RunErrorEvent>(outcome.Events[^1]);
                Assert.Equal("model_error", error.Code);
                Assert.Contains("400", error.Message, StringComparison.Ordinal);
                Assert.Equal(error.Message, outcome.Run.Error);
                Assert.Empty(outcome.RunMessages);
            },
        },
        new("max-iterations", "What time is it? [tool:current_time]")
        {
            Agent = _ => new { tools = new[] { new { type = "builtin", name = "current_time" } } },
            Settings = new Dictionary<string, string?> { ["AgentRunner:MaxIterations"] = "1" },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "failed");
                Expect.Shape(
                    outcome,
                    RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished,
                    StepStarted, ToolCallResult, StepFinished, RunError);
                var error = Assert.IsType<RunErrorEvent>(outcome.Events[^1]);
                Assert.Equal(("max_iterations", "The run reached its limit of 1 model calls."), (error.Code, error.Message));
                Expect.Roles(outcome, "assistant", "tool");
            },
        },
        new("budget-per-run", "What time is it? [tool:current_time]")
        {
            Agent = _ => new { tools = new[] { new { type = "builtin", name = "current_time" } }, budget = new { max_tokens_per_run = 5 } },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "failed");
                // The first answer's tokens spent the budget: the tool runs, the model is not called again.
                Expect.Shape(
                    outcome,
                    RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished,
                    StepStarted, ToolCallResult, StepFinished, RunError);
                var error = Assert.IsType<RunErrorEvent>(outcome.Events[^1]);
                Assert.Equal("budget_exceeded", error.Code);
                Assert.Contains("max_tokens_per_run", error.Message, StringComparison.Ordinal);
                Assert.Equal(error.Message, outcome.Run.Error);
                Expect.Roles(outcome, "assistant", "tool");
            },
        },
        new("completion-webhook", "Tell me about durable execution.")
        {
            Agent = url => new { system_prompt = "You are helpful.", completion_webhook = new { url, secret = "scenario-secret" } },
            Act = async run =>
            {
                await run.WaitForEndAsync();
                await run.WaitForWebhookRequestsAsync(1);
            },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "completed");
                var call = Assert.Single(outcome.WebhookRequests);
                Assert.True(Webhooks.Deliveries.SignatureIsValid(call, "scenario-secret"), "The completion webhook call is not signed with the secret.");
                var body = call.BodyJson!;
                Assert.Equal((outcome.Run.Id.ToString(), "completed"), (body["run_id"]!.GetValue<string>(), body["status"]!.GetValue<string>()));
                Assert.Equal(Assert.Single(outcome.RunMessages).Content, body["final_answer"]!.GetValue<string>());
            },
        },
        new("crash-and-resume", "Write at length. [long:120]")
        {
            Settings = new Dictionary<string, string?> { ["Models:Simulator:TokensPerSecond"] = "20" },
            Act = async run =>
            {
                await run.WaitUntilStreamingAsync();
                await run.CrashAsync();
                await run.WaitForEndAsync(TimeSpan.FromSeconds(120));
            },
            Expect = outcome =>
            {
                Expect.Ended(outcome, "completed");
                // The answer that broke off is closed, a snapshot says it is gone, and the answer is asked for again.
                Expect.Shape(
                    outcome,
                    RunStarted, StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, StepFinished, MessagesSnapshot,
                    StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, Custom, StepFinished, RunFinished);
                var broken = outcome.Events.OfType<TextMessageStartEvent>().First().MessageId;
                var snapshot = Assert.Single(outcome.Events.OfType<MessagesSnapshotEvent>());
                Assert.DoesNotContain(snapshot.Messages, m => m.Id == broken);
                Expect.Roles(outcome, "assistant");
                Expect.OneAnswerShown(outcome);
            },
        },
    ];

    public static Scenario Named(string name) => All.Single(scenario => scenario.Name == name);

    private static object Refunds(string url) => new
    {
        tools = new[]
        {
            new
            {
                type = "webhook",
                name = "refund",
                description = "Refunds an order",
                url,
                policy = "requires_approval",
                parameters = new { type = "object", properties = new { order = new { type = "string" } } },
            },
        },
    };

    /// <summary>The checks the scenarios share.</summary>
    private static class Expect
    {
        public static void Ended(ScenarioOutcome outcome, string status)
        {
            Assert.True(status == outcome.Run.Status, $"The run is {outcome.Run.Status}, not {status}: {outcome.Run.Error} ({outcome.EventTypes})");
            var validation = AgUiSequenceValidator.Validate(outcome.Events);
            Assert.True(validation.IsValid, $"Invalid AG-UI sequence: {validation.Violation} in {outcome.EventTypes}");
        }

        /// <summary>The event types in order, with repeated deltas of one message or tool call counted once.</summary>
        public static void Shape(ScenarioOutcome outcome, params string[] expected)
        {
            var shape = new List<string>();
            foreach (var type in outcome.Events.Select(e => e.Type))
            {
                if (!(type is TextMessageContent or ToolCallArgs && shape.Count > 0 && shape[^1] == type))
                {
                    shape.Add(type);
                }
            }

            Assert.Equal(string.Join(", ", expected), string.Join(", ", shape));
        }

        public static RunFinishedEvent Finished(ScenarioOutcome outcome) => Assert.IsType<RunFinishedEvent>(outcome.Events[^1]);

        public static void Roles(ScenarioOutcome outcome, params string[] roles) =>
            Assert.Equal(roles, outcome.RunMessages.Select(m => m.Role));

        /// <summary>A client that applied the events shows each stored answer once, with the text that was stored.</summary>
        public static void OneAnswerShown(ScenarioOutcome outcome)
        {
            var stored = outcome.RunMessages.Where(m => m.Role == "assistant" && m.Content.Length > 0).Select(m => (m.Id.ToString(), m.Content));
            var shown = outcome.ClientView.Where(m => m.Role == "assistant" && m.Content.Length > 0).Select(m => (m.Id, m.Content));
            Assert.Equal(stored, shown);
        }

        /// <summary>A run that waited for an approval, had it answered (or expired), ran the call and answered.</summary>
        public static void ApprovedTurns(ScenarioOutcome outcome, string approvalStatus)
        {
            Ended(outcome, "completed");
            Shape(
                outcome,
                RunStarted, StepStarted, ToolCallStart, ToolCallArgs, ToolCallEnd, Custom, StepFinished, RunFinished,
                RunStarted, StepStarted, ToolCallResult, StepFinished,
                StepStarted, TextMessageStart, TextMessageContent, TextMessageEnd, Custom, StepFinished, RunFinished);
            var paused = outcome.Events.OfType<RunFinishedEvent>().First();
            var interrupt = Assert.Single(Assert.IsType<RunFinishedInterruptOutcome>(paused.Outcome).Interrupts);
            var call = Assert.Single(outcome.RunMessages[0].ToolCallIds);
            Assert.Equal((call, call, "tool_approval"), (interrupt.Id, interrupt.ToolCallId, interrupt.Reason));
            Assert.NotNull(interrupt.ExpiresAt);
            Assert.Equal("refund", interrupt.Metadata!.Value.GetProperty("tool_name").GetString());
            Assert.Equal([(call, approvalStatus)], outcome.Approvals.Select(a => (a.ToolCallId, a.Status)));
            Roles(outcome, "assistant", "tool", "assistant");
            OneAnswerShown(outcome);
        }
    }
}
