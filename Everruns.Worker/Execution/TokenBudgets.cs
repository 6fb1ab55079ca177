using System.Globalization;
using Everruns.Data.Budgets;

namespace Everruns.Worker.Execution;

/// <summary>
/// An agent's token budget, checked before each model call of its runs: one read of what the run and the agent's
/// day have used so far (as stored with each answer), and only for agents that have a budget.
/// </summary>
public sealed class TokenBudgets(TokenUsageStore usage)
{
    /// <summary>Why the run may not call the model again, or null when it may.</summary>
    public async Task<RunFailure?> CheckAsync(RunTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Agent.Definition.Budget is not { IsEmpty: false } budget)
        {
            return null;
        }

        var used = await usage.ReadForRunAsync(turn.Run.Id, cancellationToken);
        if (budget.MaxTokensPerRun is { } perRun && used.RunTokens >= perRun)
        {
            return RunErrors.OverBudget(
                $"The run has used {used.RunTokens} tokens, and its agent allows {perRun} per run (max_tokens_per_run).");
        }

        if (budget.MaxTokensPerDay is { } perDay && used.DayTokens >= perDay)
        {
            return RunErrors.OverBudget(
                $"The agent has used {used.DayTokens} tokens today, and it allows {perDay} per day (max_tokens_per_day); " +
                $"the day's budget resets at {used.DayEndsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.");
        }

        return null;
    }
}
