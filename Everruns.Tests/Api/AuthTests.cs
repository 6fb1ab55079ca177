using System.Net;
using System.Net.Http.Headers;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>Auth:Mode=ApiKey: every /v1/ endpoint needs a key; keys are made, listed and revoked through the API.</summary>
public sealed class AuthTests(ApiFixture api) : IAsyncLifetime
{
    private const string Bootstrap = "bootstrap-key-for-tests-0123456789";
    private OwnApi own = null!;

    public async ValueTask InitializeAsync() =>
        own = await OwnApi.StartAsync(api.Postgres, "everruns_auth", new Dictionary<string, string?>(ApiFixture.Settings)
        {
            ["Auth:Mode"] = "ApiKey",
            ["Auth:BootstrapKey"] = Bootstrap,
            ["Limits:MaxConcurrentRunsPerKey"] = "1",
            ["Limits:MaxStreamsPerKey"] = "1",
        });

    public ValueTask DisposeAsync() => own.DisposeAsync();

    private HttpClient WithKey(string key)
    {
        var client = own.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Theory]
    [InlineData("GET", "/v1/agents")]
    [InlineData("POST", "/v1/agents")]
    [InlineData("GET", "/v1/agents/01a20b00-0000-7000-8000-000000000000")]
    [InlineData("GET", "/v1/threads")]
    [InlineData("GET", "/v1/runs")]
    [InlineData("GET", "/v1/runs/01a20b00-0000-7000-8000-000000000000/events")]
    [InlineData("POST", "/v1/ag-ui?agent_id=01a20b00-0000-7000-8000-000000000000")]
    [InlineData("GET", "/v1/api-keys")]
    public async Task Without_a_valid_key_every_v1_endpoint_answers_401_and_nothing_else(string method, string url)
    {
        foreach (var client in new[] { own.Factory.CreateClient(), WithKey("evr_wrong"), WithKey("") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? Json.Body("{}") : null };
            var response = await client.SendAsync(request);

            var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("01a20b00", problem.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_and_the_api_reference_stay_open_and_say_the_mode()
    {
        var anonymous = own.Factory.CreateClient();

        var health = await anonymous.GetJsonAsync("/health");

        Assert.Equal("api_key", health["auth_mode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task With_api_keys_any_host_name_is_answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        request.Headers.Host = "everruns.example.com";

        var response = await WithKey(Bootstrap).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_are_shown_once_stored_as_hashes_and_revocable()
    {
        var admin = WithKey(Bootstrap);
        var created = await admin.PostJsonAsync("/v1/api-keys", new { name = "ci" }, HttpStatusCode.Created);
        var secret = created["key"]!.GetValue<string>();
        Assert.StartsWith("evr_", secret, StringComparison.Ordinal);

        var user = WithKey(secret);
        await user.CreateAgentAsync();
        var listed = await admin.GetJsonAsync("/v1/api-keys");
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);
        var entry = listed["data"]!.AsArray().Single(k => k!.Id() == created.Id());
        Assert.NotNull(entry!["last_used_at"]);

        await using (var connection = new Npgsql.NpgsqlConnection(own.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM api_keys WHERE position(convert_to(@s, 'UTF8') IN key_hash) > 0", connection);
            command.Parameters.AddWithValue("s", secret);
            Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await admin.DeleteAsync($"/v1/api-keys/{created.Id()}");
        await Problem.AssertAsync(await user.GetAsync("/v1/agents"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_gets_429_with_retry_after_past_its_limits()
    {
        var admin = WithKey(Bootstrap);
        var secret = (await admin.PostJsonAsync("/v1/api-keys", new { name = "limited" }, HttpStatusCode.Created))["key"]!.GetValue<string>();
        var user = WithKey(secret);
        var agent = await user.CreateAgentAsync();
        var (_, first) = await user.AskAsync(agent, "Slow please [delay:5000]");

        var thread = await user.CreateThreadAsync(agent.Id());
        var second = await user.PostAsync("/v1/runs", Json.Body(new { thread_id = thread.Id() }));
        await Problem.AssertAsync(second, HttpStatusCode.TooManyRequests);
        Assert.NotNull(second.Headers.RetryAfter);

        // One open stream is the limit: a second one at the same time is refused.
        using var open = await user.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{first.Id()}/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var refused = await user.GetAsync($"/v1/runs/{first.Id()}/events");
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        await user.PostAsync($"/v1/runs/{first.Id()}/cancel", null);
    }
}
