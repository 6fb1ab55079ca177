using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>An <c>Idempotency-Key</c> belongs to the caller that used it and to the request it came with.</summary>
public sealed class IdempotencyTests(ApiFixture api) : IAsyncLifetime
{
    private const string Bootstrap = "bootstrap-key-for-idempotency-0123456789";
    private OwnApi own = null!;

    public async ValueTask InitializeAsync() =>
        own = await OwnApi.StartAsync(api.Postgres, "everruns_idempotency", new Dictionary<string, string?>(OwnApi.QueueOnly)
        {
            ["Auth:Mode"] = "ApiKey",
            ["Auth:BootstrapKey"] = Bootstrap,
        });

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Fact]
    public async Task The_same_key_with_other_content_is_422_and_changes_nothing()
    {
        var client = WithKey(await NewKeyAsync());
        var agent = await client.CreateAgentAsync();
        var first = await client.CreateThreadAsync(agent.Id());
        var second = await client.CreateThreadAsync(agent.Id());
        var key = $"key-{Guid.NewGuid():N}";

        var created = await StartAsync(client, key, new { thread_id = first.Id() });
        var again = await StartAsync(client, key, new { thread_id = first.Id() });
        var otherThread = await StartAsync(client, key, new { thread_id = second.Id() });
        var otherAgent = await StartAsync(client, key, new { thread_id = first.Id(), agent_id = (await client.CreateAgentAsync()).Id() });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await created.ReadJsonAsync()).Id(), (await again.ReadJsonAsync()).Id());
        foreach (var response in new[] { otherThread, otherAgent })
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("Idempotency-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var runsOfSecond = await client.GetJsonAsync($"/v1/runs?thread_id={second.Id()}");
        Assert.Equal(0, runsOfSecond["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_caller_with_the_same_key_gets_a_run_of_its_own()
    {
        var alice = WithKey(await NewKeyAsync());
        var bob = WithKey(await NewKeyAsync());
        var agent = await alice.CreateAgentAsync();
        var thread = await alice.CreateThreadAsync(agent.Id());
        var key = $"shared-{Guid.NewGuid():N}";

        var alices = await (await StartAsync(alice, key, new { thread_id = thread.Id() })).ReadJsonAsync();
        await alice.PostAsync($"/v1/runs/{alices.Id()}/cancel", null);
        var bobs = await StartAsync(bob, key, new { thread_id = thread.Id() });

        Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);
        Assert.NotEqual(alices.Id(), (await bobs.ReadJsonAsync()).Id());
    }

    private static async Task<HttpResponseMessage> StartAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/runs") { Content = Json.Body(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<string> NewKeyAsync()
    {
        JsonNode created = await WithKey(Bootstrap).PostJsonAsync("/v1/api-keys", new { name = "caller" }, HttpStatusCode.Created);
        return created["key"]!.GetValue<string>();
    }

    private HttpClient WithKey(string key)
    {
        var client = own.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
