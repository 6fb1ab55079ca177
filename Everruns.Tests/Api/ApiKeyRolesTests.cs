using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>
/// Keys have a role: admin keys (and the bootstrap key) manage keys, member keys use the API. Revoking a key revokes
/// the keys it made.
/// </summary>
public sealed class ApiKeyRolesTests(ApiFixture api) : IAsyncLifetime
{
    private const string Bootstrap = "bootstrap-key-for-roles-0123456789";
    private OwnApi own = null!;

    public async ValueTask InitializeAsync() =>
        own = await OwnApi.StartAsync(api.Postgres, "everruns_key_roles", new Dictionary<string, string?>(OwnApi.QueueOnly)
        {
            ["Auth:Mode"] = "ApiKey",
            ["Auth:BootstrapKey"] = Bootstrap,
        });

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Fact]
    public async Task A_key_is_a_member_unless_made_an_admin_and_a_member_cannot_manage_keys()
    {
        var member = await CreateAsync(Bootstrap, new { name = "member" });
        var memberClient = WithKey(member["key"]!.GetValue<string>());
        Assert.Equal("member", member["role"]!.GetValue<string>());

        await memberClient.CreateAgentAsync();
        var refusals = new[]
        {
            await memberClient.GetAsync("/v1/api-keys"),
            await memberClient.PostAsync("/v1/api-keys", Json.Body(new { name = "escalated", role = "admin" })),
            await memberClient.PostAsync("/v1/api-keys", Json.Body(new { name = "sibling" })),
            await memberClient.DeleteAsync($"/v1/api-keys/{member.Id()}"),
        };

        foreach (var refused in refusals)
        {
            var problem = await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            Assert.Contains("admin", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var listed = await WithKey(Bootstrap).GetJsonAsync("/v1/api-keys");
        Assert.Single(listed["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync("/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task An_admin_key_manages_keys_and_the_list_says_each_keys_role_and_maker()
    {
        var admin = await CreateAsync(Bootstrap, new { name = "admin", role = "admin" });
        var adminKey = admin["key"]!.GetValue<string>();
        Assert.Equal("admin", admin["role"]!.GetValue<string>());

        var member = await CreateAsync(adminKey, new { name = "made by admin", role = "member" });
        var listed = (await WithKey(adminKey).GetJsonAsync("/v1/api-keys"))["data"]!.AsArray();

        var adminEntry = listed.Single(k => k!.Id() == admin.Id())!;
        var memberEntry = listed.Single(k => k!.Id() == member.Id())!;
        Assert.Equal("admin", adminEntry["role"]!.GetValue<string>());
        Assert.Null(adminEntry["created_by"]);
        Assert.Equal("member", memberEntry["role"]!.GetValue<string>());
        Assert.Equal(admin.Id(), memberEntry["created_by"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await WithKey(adminKey).DeleteAsync($"/v1/api-keys/{member.Id()}")).StatusCode);
        await Problem.AssertAsync(await WithKey(member["key"]!.GetValue<string>()).GetAsync("/v1/agents"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("")]
    public async Task An_unknown_role_is_400(string role)
    {
        var response = await WithKey(Bootstrap).PostAsync("/v1/api-keys", Json.Body(new { name = "x", role }));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Revoking_a_key_revokes_every_key_made_with_it()
    {
        var leaked = await CreateAsync(Bootstrap, new { name = "leaked", role = "admin" });
        var child = await CreateAsync(leaked["key"]!.GetValue<string>(), new { name = "child", role = "admin" });
        var grandchild = await CreateAsync(child["key"]!.GetValue<string>(), new { name = "grandchild" });
        var sibling = await CreateAsync(leaked["key"]!.GetValue<string>(), new { name = "sibling" });
        var unrelated = await CreateAsync(Bootstrap, new { name = "unrelated" });

        var revoked = await WithKey(Bootstrap).DeleteAsync($"/v1/api-keys/{leaked.Id()}");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var answer = await revoked.ReadJsonAsync();
        Assert.NotNull(answer["revoked_at"]);
        Assert.Equal(
            new[] { child.Id(), grandchild.Id(), sibling.Id() }.Order(),
            answer["also_revoked"]!.AsArray().Select(id => id!.GetValue<string>()).Order());
        foreach (var key in new[] { leaked, child, grandchild, sibling })
        {
            await Problem.AssertAsync(await WithKey(key["key"]!.GetValue<string>()).GetAsync("/v1/agents"), HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.OK, (await WithKey(unrelated["key"]!.GetValue<string>()).GetAsync("/v1/agents")).StatusCode);
        var listed = (await WithKey(Bootstrap).GetJsonAsync("/v1/api-keys"))["data"]!.AsArray();
        Assert.All(
            listed.Where(k => k!.Id() == grandchild.Id() || k!.Id() == sibling.Id()),
            k => Assert.NotNull(k!["revoked_at"]));
    }

    private async Task<JsonNode> CreateAsync(string withKey, object body) =>
        await WithKey(withKey).PostJsonAsync("/v1/api-keys", body, HttpStatusCode.Created);

    private HttpClient WithKey(string key)
    {
        var client = own.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
