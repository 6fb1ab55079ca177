using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Worker.Models;
using Everruns.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace Everruns.Worker.Execution;

/// <summary>
/// The in-process runner's loop: the steps <see cref="RunEngine"/> decides, one after the other, in this process,
/// until one ends the turn. Where the run is comes from the thread's messages, read when the run begins (so a
/// resumed run continues from its last completed step) and extended by each step's stored messages.
/// </summary>
public sealed class AgentLoop(RunEngine engine, ILogger<AgentLoop> logger)
{
    /// <param name="context">The run's context when it was read as the run was created; else it is read here.</param>
    /// <returns>True when the run's turn ended here; false when it stopped here, to be resumed.</returns>
    public async Task<bool> ExecuteAsync(Run run, string owner, RunControl control, RunContext? context = null)
    {
        var token = control.Token;
        using var span = AgentTelemetry.StartRun(run);
        try
        {
            if (run.CancelRequested)
            {
                return await engine.CancelAsync(run, owner);
            }

            // Events are stored only by the run's holder, so a run claimed for the first time has none yet.
            var turn = await engine.BeginAsync(run, owner, token, knownEmpty: run.Attempt == 1, context);
            AgentTelemetry.DescribeAgent(span, turn.Agent);
            while (await engine.TakeAsync(turn, engine.Next(turn), token) is { } next)
            {
                turn = next;
            }

            return true;
        }
        catch (OperationCanceledException) when (control.Reason == StopReason.CancelRequested)
        {
            return await engine.CancelAsync(run, owner);
        }
        catch (Exception) when (control.Reason is StopReason.Shutdown or StopReason.LeaseLost)
        {
            logger.LogInformation("Run {RunId} stopped here ({Reason}); it will be resumed", run.Id, control.Reason);
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Run {RunId} is held by another executor now; this one lets go", run.Id);
            control.Stop(StopReason.LeaseLost);
        }
        catch (Exception e) when (RunErrors.IsStorageFailure(e))
        {
            logger.LogWarning(e, "Run {RunId} stopped here: its progress could not be stored; it will be resumed", run.Id);
        }
        catch (Exception e)
        {
            AgentTelemetry.Fail(span, e);
            if (e is ModelConfigurationException)
            {
                // A setting to fix, such as a missing provider key: the message says which.
                logger.LogWarning("Run {RunId} failed: {Reason}", run.Id, e.Message);
            }
            else
            {
                logger.LogError(e, "Run {RunId} failed", run.Id);
            }

            return await engine.FailAsync(run, owner, RunErrors.Describe(e));
        }

        return false;
    }
}
