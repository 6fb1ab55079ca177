using System.Text.Json.Nodes;
using Everruns.Data.Agents;
using Everruns.Data.Secrets;

namespace Everruns.Tests.Secrets;

public sealed class ToolSecretProtectionTests
{
    private static readonly (string, string) KeyA = ("A", TestKeys.NewKey());
    private static readonly (string, string) KeyB = ("B", TestKeys.NewKey());

    private static AgentDefinition Definition(params string?[] secrets) => new()
    {
        SystemPrompt = "Be brief.",
        Tools = [.. secrets.Select((secret, i) => new ToolDefinition { Name = $"tool_{i}", Url = "https://example.com/hook", Secret = secret })],
    };

    [Fact]
    public void Sealed_definitions_hold_only_ciphertext_and_open_to_the_plaintext()
    {
        var tools = new ToolSecretProtection(TestKeys.Protector("A", KeyA));
        var definition = Definition("s-one", null, "s-two");

        var sealedDefinition = tools.Seal(definition);

        Assert.All(new[] { 0, 2 }, i => Assert.StartsWith("enc:v1:A:", sealedDefinition.Tools[i].Secret));
        Assert.Null(sealedDefinition.Tools[1].Secret);
        Assert.Equal(["s-one", null, "s-two"], tools.Open(sealedDefinition).Tools.Select(t => t.Secret));
        Assert.Equal(definition.SystemPrompt, tools.Open(sealedDefinition).SystemPrompt);
    }

    [Fact]
    public void A_plaintext_secret_of_an_old_row_is_read_as_it_is()
    {
        var tools = new ToolSecretProtection(TestKeys.Protector("A", KeyA));

        Assert.Equal("legacy-plain", tools.Open(Definition("legacy-plain")).Tools[0].Secret);
    }

    [Fact]
    public void Reseal_moves_plaintext_and_old_keys_to_the_active_key_and_keeps_unknown_fields()
    {
        var underA = TestKeys.Protector("A", KeyA).Protect("s-old", SecretPurposes.ToolSecret);
        var rotated = TestKeys.Protector("B", KeyA, KeyB);
        var json = $$"""{"system_prompt":"x","future_field":{"kept":true},"tools":[{"name":"a","secret":"{{underA}}","future":1},{"name":"b","secret":"s-plain"},{"name":"c"}]}""";

        var result = new ToolSecretProtection(rotated).Reseal(json);

        Assert.Empty(result.UnreadableKeyIds);
        var resealed = JsonNode.Parse(result.Json!)!;
        Assert.True(resealed["future_field"]!["kept"]!.GetValue<bool>());
        Assert.Equal(1, resealed["tools"]![0]!["future"]!.GetValue<int>());
        Assert.Null(resealed["tools"]![2]!["secret"]);
        var secrets = new[] { 0, 1 }.Select(i => resealed["tools"]![i]!["secret"]!.GetValue<string>()).ToList();
        Assert.All(secrets, s => Assert.StartsWith("enc:v1:B:", s));
        Assert.Equal(["s-old", "s-plain"], secrets.Select(s => rotated.Unprotect(s, SecretPurposes.ToolSecret)));
    }

    [Fact]
    public void Reseal_leaves_secrets_under_the_active_key_and_unknown_keys_alone()
    {
        var underA = TestKeys.Protector("A", KeyA).Protect("s", SecretPurposes.ToolSecret);
        var underB = TestKeys.Protector("B", KeyB).Protect("s", SecretPurposes.ToolSecret);
        var tools = new ToolSecretProtection(TestKeys.Protector("B", KeyB));

        Assert.Null(tools.Reseal($$"""{"tools":[{"name":"a","secret":"{{underB}}"}]}""").Json);
        var unknown = tools.Reseal($$"""{"tools":[{"name":"a","secret":"{{underA}}"}]}""");
        Assert.Null(unknown.Json);
        Assert.Equal(["A"], unknown.UnreadableKeyIds);
        Assert.Null(tools.Reseal("""{"system_prompt":"no tools"}""").Json);
    }

    [Fact]
    public void Opening_a_secret_under_an_unknown_key_fails_clearly()
    {
        var sealedDefinition = new ToolSecretProtection(TestKeys.Protector("A", KeyA)).Seal(Definition("s"));

        var error = Assert.Throws<SecretProtectionException>(() => new ToolSecretProtection(TestKeys.Protector("B", KeyB)).Open(sealedDefinition));

        Assert.Contains("key 'A'", error.Message, StringComparison.Ordinal);
    }
}
