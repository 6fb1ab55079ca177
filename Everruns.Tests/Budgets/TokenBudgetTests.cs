using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;
using Npgsql;

namespace Everruns.Tests.Budgets;

/// <summary>An agent's token budget per run and per UTC day, through the API, with the simulator's token counts.</summary>
public sealed class TokenBudgetTests(ApiFixture api)
{
    private static readonly object CurrentTime = new { type = "builtin", name = "current_time" };

    [Fact]
    public async Task A_run_over_its_budget_stops_before_its_next_model_call()
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new { tools = new[] { CurrentTime }, budget = new { max_tokens_per_run = 5 } });

        var (thread, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");

        var ended = await client.WaitForEndAsync(run.Id());
        Assert.Equal("failed", ended["status"]!.GetValue<string>());
        Assert.Contains("max_tokens_per_run", ended["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(ended["usage"]!["total_tokens"]!.GetValue<long>() >= 5);
        var frames = await client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        var error = frames[^1];
        Assert.Equal(AgUiEventTypes.RunError, error.Type);
        Assert.Equal("budget_exceeded", error.Json["code"]!.GetValue<string>());

        // The first answer asked for the tool, the tool ran, and the model was not called again.
        var roles = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
        Assert.Equal(["user", "assistant", "tool"], roles);
        Assert.Single(frames, f => f.Type == AgUiEventTypes.Custom && f.Json["name"]!.GetValue<string>() == "everruns.model_usage");
    }

    [Fact]
    public async Task A_run_within_its_budget_completes()
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new
        {
            tools = new[] { CurrentTime },
            budget = new { max_tokens_per_run = 100_000, max_tokens_per_day = 1_000_000 },
        });

        var (_, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");

        Assert.Equal("completed", (await client.WaitForEndAsync(run.Id()))["status"]!.GetValue<string>());
        Assert.Equal(100_000, agent["definition"]!["budget"]!["max_tokens_per_run"]!.GetValue<long>());
    }

    [Fact]
    public async Task Once_the_days_budget_is_spent_new_runs_are_refused_until_the_next_utc_day()
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        // Two runs fit in the day's budget, and their tokens add up past it.
        var (_, first) = await client.AskAsync(agent, "First question.");
        var used = (await client.WaitForEndAsync(first.Id()))["usage"]!["total_tokens"]!.GetValue<long>();
        var budget = used + 1;
        await SetBudgetAsync(client, agent, new { max_tokens_per_day = budget });
        var (thread, second) = await client.AskAsync(agent, "Second question.");
        Assert.Equal("completed", (await client.WaitForEndAsync(second.Id()))["status"]!.GetValue<string>());
        var secondUsed = (await client.GetJsonAsync($"/v1/runs/{second.Id()}"))["usage"]!["total_tokens"]!.GetValue<long>();
        Assert.Equal(used + secondUsed, await StoredDayUsageAsync(agent.Id()));

        await client.PostJsonAsync($"/v1/threads/{thread.Id()}/messages", new { role = "user", content = "Third." }, HttpStatusCode.Created);
        var before = DateTimeOffset.UtcNow;
        var response = await client.PostAsync("/v1/runs", Json.Body(new { thread_id = thread.Id() }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("budget_exceeded", problem["code"]!.GetValue<string>());
        Assert.Equal("max_tokens_per_day", problem["limit"]!.GetValue<string>());
        Assert.Equal(budget, problem["limit_tokens"]!.GetValue<long>());
        Assert.Equal(used + secondUsed, problem["used_tokens"]!.GetValue<long>());
        var nextUtcDay = new DateTimeOffset(before.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        Assert.Equal(nextUtcDay, DateTimeOffset.Parse(problem["resets_at"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        var retryAfter = response.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, nextUtcDay - before - TimeSpan.FromSeconds(5), nextUtcDay - before + TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await client.GetJsonAsync($"/v1/runs?agent_id={agent.Id()}"))["total"]!.GetValue<long>());

        // The AG-UI endpoint refuses the same way, before it stores anything.
        var agUi = await client.PostAsync($"/v1/ag-ui?agent_id={agent.Id()}", Json.Body(new
        {
            threadId = $"budget-{Guid.NewGuid():N}",
            runId = "r1",
            messages = new[] { new { id = "m1", role = "user", content = "Hello" } },
            tools = Array.Empty<object>(),
            context = Array.Empty<object>(),
        }));
        Assert.Equal("budget_exceeded", (await Problem.AssertAsync(agUi, HttpStatusCode.TooManyRequests))["code"]!.GetValue<string>());

        // A bigger budget lets runs start again.
        await SetBudgetAsync(client, agent, new { max_tokens_per_day = budget * 10 });
        await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_run_that_spends_the_days_budget_stops_before_its_next_model_call()
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new { tools = new[] { CurrentTime }, budget = new { max_tokens_per_day = 5 } });

        var (_, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");

        var ended = await client.WaitForEndAsync(run.Id());
        Assert.Equal("failed", ended["status"]!.GetValue<string>());
        Assert.Contains("max_tokens_per_day", ended["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var error = (await client.EventsAsync(run.Id()))[^1];
        Assert.Equal(AgUiEventTypes.RunError, error.Type);
        Assert.Equal("budget_exceeded", error.Json["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("max_tokens_per_run", 0)]
    [InlineData("max_tokens_per_day", -3)]
    public async Task A_budget_that_is_not_a_positive_number_of_tokens_is_refused(string field, long value)
    {
        var response = await api.CreateClient().PostAsync("/v1/agents", Json.Body(new
        {
            name = "bad budget",
            definition = new Dictionary<string, object> { ["budget"] = new Dictionary<string, long> { [field] = value } },
        }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![$"definition.budget.{field}"]);
    }

    private static async Task SetBudgetAsync(HttpClient client, JsonNode agent, object budget)
    {
        var response = await client.PatchAsync($"/v1/agents/{agent.Id()}", Json.Body(new { definition = new { system_prompt = "You are helpful.", budget } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<long> StoredDayUsageAsync(string agentId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT input_tokens + output_tokens FROM agent_token_usage WHERE agent_id = @id AND day = (now() AT TIME ZONE 'UTC')::date", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(agentId));
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
