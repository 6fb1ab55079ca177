using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

public sealed class AgentsApiTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task Create_returns_the_agent_with_defaults_and_a_location()
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(new
        {
            name = "Support bot",
            description = "Answers questions",
            definition = new { system_prompt = "Be brief.", temperature = 0.2, max_tokens = 256 },
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = await response.ReadJsonAsync();
        Assert.Equal($"/v1/agents/{agent.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("Support bot", agent["name"]!.GetValue<string>());
        Assert.Equal("sim/default", agent["default_model_id"]!.GetValue<string>());
        Assert.Equal("active", agent["status"]!.GetValue<string>());
        Assert.Equal("Be brief.", agent["definition"]!["system_prompt"]!.GetValue<string>());
        Assert.Equal(256, agent["definition"]!["max_tokens"]!.GetValue<int>());
        Assert.Equal(7, Guid.Parse(agent.Id()).Version);
    }

    [Fact]
    public async Task Tool_secrets_are_write_only()
    {
        var agent = await client.CreateAgentAsync(definition: new
        {
            tools = new[]
            {
                new { type = "webhook", name = "lookup", url = "https://example.com/hook", secret = "s3cr3t-value", policy = "requires_approval" },
            },
        });

        var fetched = await client.GetJsonAsync($"/v1/agents/{agent.Id()}");

        Assert.DoesNotContain("s3cr3t-value", agent.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", fetched.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("requires_approval", fetched["definition"]!["tools"]![0]!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_patch_and_archive()
    {
        var agent = await client.CreateAgentAsync(name: "before");

        var patch = await client.PatchAsync($"/v1/agents/{agent.Id()}", Json.Body(new { name = "after", default_model_id = "sim/other" }));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var fetched = await client.GetJsonAsync($"/v1/agents/{agent.Id()}");
        Assert.Equal("after", fetched["name"]!.GetValue<string>());
        Assert.Equal("sim/other", fetched["default_model_id"]!.GetValue<string>());
        Assert.Equal("You are helpful.", fetched["definition"]!["system_prompt"]!.GetValue<string>());

        var archive = await client.DeleteAsync($"/v1/agents/{agent.Id()}");
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.Equal("archived", (await client.GetJsonAsync($"/v1/agents/{agent.Id()}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters_by_status()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var first = await client.CreateAgentAsync(name: $"{marker}-1");
        var second = await client.CreateAgentAsync(name: $"{marker}-2");
        await client.DeleteAsync($"/v1/agents/{first.Id()}");

        var page = await client.GetJsonAsync("/v1/agents?limit=1&offset=0");
        Assert.Single(page["data"]!.AsArray());
        Assert.Equal(1, page["limit"]!.GetValue<int>());
        Assert.True(page["total"]!.GetValue<long>() >= 2);

        var archived = await client.GetJsonAsync("/v1/agents?status=archived&limit=200");
        var archivedIds = archived["data"]!.AsArray().Select(a => a!.Id()).ToList();
        Assert.Contains(first.Id(), archivedIds);
        Assert.DoesNotContain(second.Id(), archivedIds);
        Assert.All(archived["data"]!.AsArray(), a => Assert.Equal("archived", a!["status"]!.GetValue<string>()));

        // "all", as the UI's All tab asks, lists both, as leaving the filter out does.
        var all = await client.GetJsonAsync("/v1/agents?status=all&limit=200");
        var allIds = all["data"]!.AsArray().Select(a => a!.Id()).ToList();
        Assert.Contains(first.Id(), allIds);
        Assert.Contains(second.Id(), allIds);
        Assert.Equal((await client.GetJsonAsync("/v1/agents?limit=1"))["total"]!.GetValue<long>(), all["total"]!.GetValue<long>());
        var unknown = await Problem.AssertAsync(await client.GetAsync("/v1/agents?status=sleeping"), HttpStatusCode.BadRequest);
        Assert.Contains("all", unknown["errors"]!["status"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_fields_are_named_in_the_problem()
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(new
        {
            name = " ",
            default_model_id = "gpt-4",
            definition = new { temperature = 7 },
        }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("default_model_id"));
        Assert.True(errors.ContainsKey("definition.temperature"));
    }

    [Fact]
    public async Task Duplicate_tool_names_and_webhooks_without_url_are_refused()
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(new
        {
            name = "tools",
            definition = new { tools = new object[] { new { name = "a", url = "https://x.test" }, new { name = "a" } } },
        }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("definition.tools[1].name"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("definition.tools[1].url"));
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_bad_ids_are_400()
    {
        await Problem.AssertAsync(await client.GetAsync($"/v1/agents/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PatchAsync($"/v1/agents/{Guid.CreateVersion7()}", Json.Body(new { name = "x" })), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.DeleteAsync($"/v1/agents/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
        var bad = await Problem.AssertAsync(await client.GetAsync("/v1/agents/not-a-uuid"), HttpStatusCode.BadRequest);
        Assert.Contains("not-a-uuid", bad["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
