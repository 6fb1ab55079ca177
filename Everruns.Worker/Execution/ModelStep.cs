using System.Text;
using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Models;
using Everruns.Worker.Telemetry;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Execution;

/// <summary>One model call: streams the answer as AG-UI events, then stores it as the assistant message.</summary>
public sealed class ModelStep(IModelClientFactory models, RunEvents events)
{
    public async Task<Message> CallAsync(RunTurn turn, int iteration, CancellationToken cancellationToken)
    {
        var run = turn.Run;
        if (!ModelId.TryParse(turn.Agent.DefaultModelId, out var model))
        {
            throw new ModelConfigurationException($"'{turn.Agent.DefaultModelId}' is not a model id.");
        }

        var client = models.Create(model);
        var step = $"model_call_{iteration}";
        var messageId = Guid.CreateVersion7();
        var text = new StringBuilder();
        var calls = new List<ToolCallRecord>();
        var textStarted = false;
        long inputTokens = 0, outputTokens = 0;

        using var span = AgentTelemetry.StartModelCall(model, run.Id, iteration);
        events.Emit(run.Id, new StepStartedEvent(step));
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(
                ConversationBuilder.Messages(turn), ConversationBuilder.Options(turn, model), cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } piece:
                            if (!textStarted)
                            {
                                events.Emit(run.Id, new TextMessageStartEvent(messageId.ToString()));
                                textStarted = true;
                            }

                            events.Emit(run.Id, new TextMessageContentEvent(messageId.ToString(), piece.Text));
                            text.Append(piece.Text);
                            break;
                        case FunctionCallContent call:
                            var arguments = JsonSerializer.SerializeToElement(
                                call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
                            calls.Add(new ToolCallRecord(call.CallId, call.Name, arguments));
                            events.Emit(run.Id, new ToolCallStartEvent(call.CallId, call.Name) { ParentMessageId = messageId.ToString() });
                            events.Emit(run.Id, new ToolCallArgsEvent(call.CallId, arguments.GetRawText()));
                            events.Emit(run.Id, new ToolCallEndEvent(call.CallId));
                            break;
                        case UsageContent usage:
                            inputTokens += usage.Details.InputTokenCount ?? 0;
                            outputTokens += usage.Details.OutputTokenCount ?? 0;
                            break;
                    }
                }
            }
        }
        catch (Exception e)
        {
            AgentTelemetry.Fail(span, e);

            // The stream broke off: close what it opened, so that a repeated call streams a new message.
            if (textStarted)
            {
                events.Emit(run.Id, new TextMessageEndEvent(messageId.ToString()));
            }

            events.Emit(run.Id, new StepFinishedEvent(step));
            throw;
        }

        if (textStarted)
        {
            events.Emit(run.Id, new TextMessageEndEvent(messageId.ToString()));
        }

        AgentTelemetry.RecordUsage(span, inputTokens, outputTokens);
        var saved = await events.StoreMessageAsync(
            run.Id, RunMessage.Answer(messageId, run.ThreadId, text.ToString(), ToolCalls.Write(calls), inputTokens, outputTokens), cancellationToken);
        events.Emit(run.Id, new CustomEvent("everruns.model_usage", JsonSerializer.SerializeToElement(new
        {
            model = model.ToString(),
            iteration,
            input_tokens = inputTokens,
            output_tokens = outputTokens,
        })));
        events.Emit(run.Id, new StepFinishedEvent(step));
        return saved;
    }
}
