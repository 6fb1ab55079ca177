using System.Net;
using System.Text.RegularExpressions;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>What a webhook tool may say about its requests, checked when the agent is saved.</summary>
public sealed partial class AgentToolValidationTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    private static object Webhook(Dictionary<string, string>? headers = null, int? timeoutSecs = null) => new
    {
        tools = new object[]
        {
            new Dictionary<string, object?>
            {
                ["type"] = "webhook",
                ["name"] = "lookup",
                ["url"] = "https://tools.example.com/hook",
                ["headers"] = headers,
                ["timeout_secs"] = timeoutSecs,
            }.Where(p => p.Value is not null).ToDictionary(),
        },
    };

    [Theory]
    [InlineData("X-A", "v\r\nX-Everruns-Signature: sha256=forged\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1")]
    [InlineData("X-A", "v\nHost: evil")]
    [InlineData("X-A", "caf\u00e9")]
    [InlineData("X A", "v")]
    [InlineData("X-A:", "v")]
    [InlineData("X-Everruns-Signature", "sha256=forged")]
    [InlineData("Idempotency-Key", "mine")]
    [InlineData("Host", "evil.example")]
    public async Task A_header_that_cannot_be_sent_as_given_is_refused_by_name(string name, string value)
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(new { name = "hooked", definition = Webhook(new() { [name] = value }) }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        var field = $"definition.tools[0].headers.{name}";
        Assert.NotNull(problem["errors"]![field]);
        Assert.Contains(name, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_definition_is_checked_too()
    {
        var agent = await client.CreateAgentAsync(definition: Webhook(new() { ["X-Api-Key"] = "k-1" }));

        var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/agents/{agent.Id()}")
        {
            Content = Json.Body(new { definition = Webhook(new() { ["X-Api-Key"] = "k-1\r\nX-Everruns-Signature: sha256=forged" }) }),
        };
        var problem = await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["definition.tools[0].headers.X-Api-Key"]);
        var stored = await client.GetJsonAsync($"/v1/agents/{agent.Id()}");
        Assert.Equal("k-1", stored["definition"]!["tools"]![0]!["headers"]!["X-Api-Key"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_timeout_secs_maximum_in_the_docs_is_the_one_the_api_keeps()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "tools.md"), TestContext.Current.CancellationToken);
        var maximum = int.Parse(TimeoutRule().Match(docs) is { Success: true } match
            ? match.Groups["max"].Value
            : throw new InvalidOperationException("docs/tools.md does not state the timeout_secs maximum."));

        await client.PostJsonAsync("/v1/agents", new { name = "slow tool", definition = Webhook(timeoutSecs: maximum) }, HttpStatusCode.Created);
        var tooLong = await client.PostAsync("/v1/agents", Json.Body(new { name = "slower tool", definition = Webhook(timeoutSecs: maximum + 1) }));

        var problem = await Problem.AssertAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.Contains($"{maximum}", problem["errors"]!["definition.tools[0].timeout_secs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"`timeout_secs` \(default \d+, at most (?<max>\d+)\)")]
    private static partial Regex TimeoutRule();
}
