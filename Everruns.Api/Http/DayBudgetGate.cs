using System.Globalization;
using Everruns.Data.Agents;
using Everruns.Data.Budgets;
using Everruns.Worker.Execution;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Http;

/// <summary>
/// Refuses new runs of an agent whose token budget for the day (UTC) is spent: 429 with when it resets. The run
/// insert itself refuses such runs too (<c>RunStore</c>), so a start that races the last tokens of the day is refused
/// the same way; this gate says why, and lets endpoints refuse before they write anything.
/// </summary>
public sealed class DayBudgetGate(TokenUsageStore usage, TimeProvider time)
{
    /// <summary>The 429 when the agent's day budget is spent; null when it may start a run (or has no day budget).</summary>
    public async Task<ProblemHttpResult?> RefuseAsync(Agent agent, HttpContext context, CancellationToken cancellationToken)
    {
        if (agent.Definition.Budget?.MaxTokensPerDay is not { } perDay)
        {
            return null;
        }

        var day = await usage.ReadDayAsync(agent.Id, cancellationToken);
        if (day.Tokens < perDay)
        {
            return null;
        }

        var resetsAt = day.DayEndsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var retryAfter = Math.Max(1, (long)Math.Ceiling((day.DayEndsAt - time.GetUtcNow()).TotalSeconds));
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Token budget spent",
            detail: $"Agent {agent.Id} has used {day.Tokens} tokens today, and it allows {perDay} per day (max_tokens_per_day). " +
                $"New runs may start when the day's budget resets, at {resetsAt}.",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = RunErrors.BudgetExceeded,
                ["limit"] = "max_tokens_per_day",
                ["limit_tokens"] = perDay,
                ["used_tokens"] = day.Tokens,
                ["resets_at"] = resetsAt,
            });
    }
}
