using System.Net;
using Everruns.Data.Agents;
using Everruns.Data.Secrets;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;
using Everruns.Worker.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Everruns.Tests.Secrets;

/// <summary>Tool secrets are ciphertext in PostgreSQL, and plaintext only where a webhook is signed.</summary>
public sealed class SecretsAtRestTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    private static object SignedAgent(string url, string secret) => new
    {
        tools = new[]
        {
            new
            {
                type = "webhook",
                name = "sign",
                url,
                secret,
                parameters = new { type = "object", properties = new { order = new { type = "string" } } },
            },
        },
    };

    [Fact]
    public async Task The_stored_definition_never_holds_the_plaintext_secret()
    {
        const string Created = "whsec_created_c41d77";
        const string Changed = "whsec_changed_98e0aa";

        var agent = await client.CreateAgentAsync(definition: SignedAgent("https://example.com/hook", Created));
        var stored = await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id());
        var patch = await client.PatchAsync($"/v1/agents/{agent.Id()}", Json.Body(new { definition = SignedAgent("https://example.com/hook", Changed) }));
        var changed = await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id());

        Assert.DoesNotContain(Created, stored, StringComparison.Ordinal);
        Assert.Contains("\"secret\": \"enc:v1:", stored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.DoesNotContain(Changed, changed, StringComparison.Ordinal);
        Assert.DoesNotContain(Changed, await patch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Created, agent.ToJsonString(), StringComparison.Ordinal);
        var read = await api.Factory.Services.GetRequiredService<AgentStore>().GetAsync(Guid.Parse(agent.Id()), TestContext.Current.CancellationToken);
        Assert.Equal(Changed, read!.Definition.Tools.Single().Secret);
    }

    [Fact]
    public async Task The_webhook_is_signed_with_the_plaintext_secret()
    {
        const string Secret = "whsec_signing_5be21f";
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            var valid = WebhookSignature.Verify(Secret, request.Header(WebhookHeaders.Timestamp)!, request.Body, request.Header(WebhookHeaders.Signature));
            return WebhookReceiver.Reply(context, valid ? 200 : 401, valid ? """{"verified":true}""" : """{"verified":false}""");
        });
        var agent = await client.CreateAgentAsync(definition: SignedAgent(receiver.Url, Secret));

        var (_, run) = await client.AskAsync(agent, """Sign it. [tool:sign {"order":"A-1"}]""");
        await client.WaitForStatusAsync(run.Id(), "completed");

        var request = Assert.Single(receiver.Requests);
        Assert.True(
            WebhookSignature.Verify(Secret, request.Header(WebhookHeaders.Timestamp)!, request.Body, request.Header(WebhookHeaders.Signature)),
            "The webhook's signature does not verify with the plaintext secret.");
        Assert.DoesNotContain(Secret, await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reencryption_never_overwrites_a_definition_changed_since_it_was_read()
    {
        var agent = await client.CreateAgentAsync(definition: SignedAgent("https://example.com/hook", "whsec_first"));
        var seen = await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id());
        await client.PatchAsync($"/v1/agents/{agent.Id()}", Json.Body(new { definition = SignedAgent("https://example.com/hook", "whsec_second") }));
        var current = await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id());
        var reencryption = api.Factory.Services.GetRequiredService<AgentSecretReencryption>();

        var replaced = await reencryption.ReplaceDefinitionAsync(Guid.Parse(agent.Id()), seen, seen, TestContext.Current.CancellationToken);

        Assert.False(replaced);
        Assert.Equal(current, await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id()));
        Assert.True(await reencryption.ReplaceDefinitionAsync(Guid.Parse(agent.Id()), current, current, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_plaintext_secret_of_an_old_row_is_read_and_encrypted_in_the_background()
    {
        const string Secret = "whsec_legacy_0d3e51";
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_legacy_secret", TestKeys.Settings("A", ("A", TestKeys.NewKey())));
        var store = own.Factory.Services.GetRequiredService<AgentStore>();

        var id = await RawAgents.InsertAsync(
            own.ConnectionString, $$"""{"tools":[{"type":"webhook","name":"old","url":"https://example.com/hook","secret":"{{Secret}}"}]}""");
        var secrets = await RawAgents.WaitForAllSecretsAsync(own.ConnectionString, "enc:v1:A:", expected: 1);

        Assert.DoesNotContain(Secret, secrets[0], StringComparison.Ordinal);
        Assert.Equal(Secret, (await store.GetAsync(id, TestContext.Current.CancellationToken))!.Definition.Tools.Single().Secret);
    }
}
