using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>What a client that gets something wrong reads: the field, what it should be, and never a .NET name.</summary>
public sealed class ErrorAnswerTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    private static void AssertNoDotNetNames(string body)
    {
        foreach (var marker in new[] { ".NET", "Everruns.", "System.", "CreateAgentRequest", "Guid ", "Nullable" })
        {
            Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_field_is_named_with_the_field_it_probably_meant()
    {
        var response = await client.PostAsync("/v1/agents", Json.Body("""{"name":"Helper","model":"sim/default"}"""));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        AssertNoDotNetNames(problem.ToJsonString());
        var error = Assert.Single(problem["errors"]!.AsObject());
        Assert.Equal("model", error.Key);
        var message = error.Value![0]!.GetValue<string>();
        Assert.Contains("Did you mean default_model_id?", message, StringComparison.Ordinal);
        Assert.Contains("Known fields: name, description, default_model_id, definition.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x","definition":{"tools":[{"name":"t","urll":"https://x.test"}]}}""", "definition.tools[0].urll", "Did you mean definition.tools[0].url?")]
    [InlineData("""{"name":"x","system_prompt":"Be brief."}""", "system_prompt", "Did you mean definition.system_prompt?")]
    [InlineData("""{"name":"x","defaultModelId":"sim/default"}""", "defaultModelId", "Did you mean default_model_id?")]
    [InlineData("""{"name":42}""", "name", "name must be a string.")]
    [InlineData("""{"name":"x","definition":{"temperature":"hot"}}""", "definition.temperature", "definition.temperature must be a number.")]
    [InlineData("""{"name":"x","definition":{"tools":[{"name":"t","policy":"sometimes"}]}}""", "definition.tools[0].policy", "must be one of auto, requires_approval.")]
    [InlineData("""{"name":"x","definition":{"tools":{}}}""", "definition.tools", "definition.tools must be an array.")]
    [InlineData("""{"name":null}""", "name", "name must not be null.")]
    [InlineData("""{"description":"no name"}""", "name", "name is required.")]
    [InlineData("""{"name":"x","definition":{"tools":[{"type":"builtin"}]}}""", "definition.tools[0].name", "definition.tools[0].name is required.")]
    [InlineData("""{"name": """, "body", "The request body is not valid JSON")]
    public async Task A_bad_agent_body_names_the_field_and_what_it_should_be(string body, string field, string expected)
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(body));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        AssertNoDotNetNames(problem.ToJsonString());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        Assert.Contains(expected, errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_route_and_query_values_are_named_by_their_api_names()
    {
        var route = await Problem.AssertAsync(await client.GetAsync("/v1/agents/not-a-uuid"), HttpStatusCode.BadRequest);
        AssertNoDotNetNames(route.ToJsonString());
        Assert.Equal("id must be a UUID; 'not-a-uuid' is not.", route["errors"]!["id"]![0]!.GetValue<string>());

        var query = await Problem.AssertAsync(await client.GetAsync("/v1/threads?agent_id=123"), HttpStatusCode.BadRequest);
        AssertNoDotNetNames(query.ToJsonString());
        Assert.True(query["errors"]!.AsObject().ContainsKey("agent_id"), query.ToJsonString());

        var noBody = await Problem.AssertAsync(
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/agents") { Content = Json.Body("") }), HttpStatusCode.BadRequest);
        AssertNoDotNetNames(noBody.ToJsonString());
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_problem_details()
    {
        var unknown = await Problem.AssertAsync(await client.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrWhiteSpace(unknown["detail"]?.GetValue<string>()), unknown.ToJsonString());

        var wrongMethod = await client.PutAsync("/v1/runs", Json.Body("{}"));
        var problem = await Problem.AssertAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", wrongMethod.Content.Headers.Allow);
        Assert.Contains("GET", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
