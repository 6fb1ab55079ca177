using System.Net;
using System.Text;
using Everruns.Tests.Infrastructure;
using Npgsql;

namespace Everruns.Tests.Api;

/// <summary>
/// Malformed requests to every endpoint that takes input: each gets a 4xx problem details answer and writes nothing.
/// Runs on a database of its own so that "nothing written" can be checked by counting rows.
/// </summary>
public sealed class BadInputTests(ApiFixture api) : IAsyncLifetime
{
    private OwnApi own = null!;
    private HttpClient client = null!;
    private string agentId = "";
    private string threadId = "";

    public async ValueTask InitializeAsync()
    {
        own = await OwnApi.StartAsync(api.Postgres, "everruns_bad_input", OwnApi.QueueOnly);
        client = own.Client;
        agentId = (await client.CreateAgentAsync()).Id();
        threadId = (await client.CreateThreadAsync(agentId)).Id();
    }

    public ValueTask DisposeAsync() => own.DisposeAsync();

    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { "broken JSON", "{\"name\": " },
        { "not an object", "[1, 2, 3]" },
        { "a string", "\"hello\"" },
        { "null", "null" },
        { "wrong types", "{\"name\": 42, \"thread_id\": 7, \"role\": 1, \"content\": false, \"agent_id\": true, \"title\": []}" },
        { "unknown enum values", "{\"name\": \"x\", \"role\": \"wizard\", \"content\": \"x\", \"status\": \"sleeping\", \"thread_id\": \"00000000-0000-0000-0000-000000000000\"}" },
        { "bad uuids", "{\"thread_id\": \"not-a-uuid\", \"agent_id\": \"123\"}" },
        { "unknown fields", "{\"name\": \"x\", \"role\": \"user\", \"content\": \"x\", \"colour\": \"blue\"}" },
        { "deep nesting", new StringBuilder().Insert(0, "{\"a\":", 200).Append('1').Append('}', 200).ToString() },
        { "invalid UTF-8 escape", "{\"name\": \"\\uD800\"" },
    };

    private IEnumerable<(HttpMethod Method, string Url)> Endpoints() =>
    [
        (HttpMethod.Post, "/v1/agents"),
        (HttpMethod.Patch, $"/v1/agents/{agentId}"),
        (HttpMethod.Post, "/v1/threads"),
        (HttpMethod.Post, $"/v1/threads/{threadId}/messages"),
        (HttpMethod.Post, "/v1/runs"),
    ];

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_bodies_get_a_4xx_problem_and_change_nothing(string what, string body)
    {
        var before = await CountRowsAsync();

        foreach (var (method, url) in Endpoints())
        {
            using var request = new HttpRequestMessage(method, url) { Content = Json.Body(body) };
            var response = await client.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what} to {method} {url}: {(int)response.StatusCode} {text}");
            await Problem.AssertAsync(response, response.StatusCode);
        }

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Missing_fields_are_400()
    {
        await Problem.AssertAsync(await client.PostAsync("/v1/agents", Json.Body("{}")), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync("/v1/runs", Json.Body("{}")), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync($"/v1/threads/{threadId}/messages", Json.Body("{\"content\":\"x\"}")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_body_is_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents") { Content = new StringContent("", Encoding.UTF8, "application/json") };

        await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var response = await client.PostAsync("/v1/agents", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var before = await CountRowsAsync();
        var huge = new string('x', 2 * 1024 * 1024);

        var response = await client.PostAsync("/v1/agents", Json.Body(new { name = "big", description = huge }));

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Huge_strings_within_the_body_limit_are_400()
    {
        var before = await CountRowsAsync();

        await Problem.AssertAsync(
            await client.PostAsync("/v1/agents", Json.Body(new { name = new string('n', 5000) })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PostAsync("/v1/threads", Json.Body(new { title = new string('t', 5000) })), HttpStatusCode.BadRequest);

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Invalid_utf8_is_400()
    {
        var before = await CountRowsAsync();
        var content = new ByteArrayContent([.. "{\"name\": \""u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        await Problem.AssertAsync(await client.PostAsync("/v1/agents", content), HttpStatusCode.BadRequest);

        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("/v1/agents?limit=0")]
    [InlineData("/v1/agents?limit=abc")]
    [InlineData("/v1/agents?offset=-1")]
    [InlineData("/v1/agents?status=sleeping")]
    [InlineData("/v1/runs?status=nope")]
    [InlineData("/v1/runs?agent_id=xyz")]
    [InlineData("/v1/threads/not-a-uuid")]
    [InlineData("/v1/threads/not-a-uuid/messages")]
    [InlineData("/v1/runs/42")]
    public async Task Bad_query_and_path_values_are_400(string url)
    {
        await Problem.AssertAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sql_and_script_payloads_are_stored_as_plain_text()
    {
        const string Payload = "'); DROP TABLE agents; -- <script>alert(1)</script>";

        var agent = await client.PostJsonAsync("/v1/agents", new { name = Payload }, HttpStatusCode.Created);

        Assert.Equal(Payload, (await client.GetJsonAsync($"/v1/agents/{agent.Id()}"))["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "reason=because")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    [InlineData("text/plain", "stop")]
    public async Task Endpoints_without_a_body_refuse_the_content_types_of_a_cross_site_form(string contentType, string body)
    {
        var thread = await client.CreateThreadAsync(agentId);
        var run = await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);
        var agent = await client.CreateAgentAsync();

        foreach (var (method, url) in new[] { (HttpMethod.Post, $"/v1/runs/{run.Id()}/cancel"), (HttpMethod.Delete, $"/v1/agents/{agent.Id()}") })
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
        }

        Assert.Equal("pending", (await client.GetJsonAsync($"/v1/runs/{run.Id()}"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await client.GetJsonAsync($"/v1/agents/{agent.Id()}"))["status"]!.GetValue<string>());

        // Without a body, or with JSON (which a cross-site page cannot send without asking first), they still work.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/agents/{agent.Id()}") { Content = Json.Body("{}") })).StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=klingon")]
    public async Task Json_endpoints_refuse_other_content_types(string contentType)
    {
        var before = await CountRowsAsync();

        foreach (var (method, url) in Endpoints().Append((HttpMethod.Post, $"/v1/ag-ui?agent_id={agentId}")))
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(AgUiInput($"agui-{Guid.NewGuid():N}"), Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(HttpStatusCode.UnsupportedMediaType == response.StatusCode, $"{method} {url} with {contentType}: {(int)response.StatusCode}");
            await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        }

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task The_ag_ui_endpoint_refuses_a_key_given_twice_as_v1_does()
    {
        var before = await CountRowsAsync();
        var threadId = $"agui-{Guid.NewGuid():N}";
        var body = AgUiInput(threadId).Replace("\"runId\"", "\"threadId\":\"someone-else\",\"runId\"", StringComparison.Ordinal);

        using var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/v1/ag-ui?agent_id={agentId}") { Content = Json.Body(body) }, HttpCompletionOption.ResponseHeadersRead);

        // An accepted request would stream its run (which never starts here): only a refusal has a body to read.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("threadId", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync());
    }

    private static string AgUiInput(string threadId) =>
        $$"""{"threadId":"{{threadId}}","runId":"run-1","messages":[{"id":"m-{{threadId}}","role":"user","content":"Hello"}],"tools":[],"context":[]}""";

    private async Task<string> CountRowsAsync()
    {
        await using var connection = new NpgsqlConnection(own.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM agents) || '/' || (SELECT count(*) FROM threads) || '/' || " +
            "(SELECT count(*) FROM messages) || '/' || (SELECT count(*) FROM runs) || '/' || (SELECT max(updated_at) FROM agents)",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
