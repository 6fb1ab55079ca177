using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

public sealed class OpenApiTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task The_document_describes_every_endpoint_with_snake_case_schemas()
    {
        var document = await client.GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/v1/agents", "/v1/agents/{id}", "/v1/threads", "/v1/threads/{id}", "/v1/threads/{id}/messages",
            "/v1/runs", "/v1/runs/{id}", "/v1/runs/{id}/cancel",
        })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }

        Assert.NotNull(paths["/v1/agents"]!["post"]!["requestBody"]);
        var agentSchema = document["components"]!["schemas"]!["AgentResponse"]!["properties"]!.AsObject();
        Assert.True(agentSchema.ContainsKey("default_model_id"));
        Assert.True(agentSchema.ContainsKey("created_at"));
    }

    [Fact]
    public async Task Scalar_serves_the_reference_and_swagger_ui_leads_there()
    {
        var scalar = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("text/html", scalar.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var html = await scalar.Content.ReadAsStringAsync();
        // Everything it loads comes from the API itself (the browser test checks what the page then fetches).
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        var noRedirects = api.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var swagger = await noRedirects.GetAsync("/swagger-ui");
        Assert.Equal(HttpStatusCode.Redirect, swagger.StatusCode);
        Assert.Equal("/scalar", swagger.Headers.Location?.OriginalString);
    }
}
