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
    public void Opening_a_secret_under_an_unknown_key_fails_clearly()
    {
        var sealedDefinition = new ToolSecretProtection(TestKeys.Protector("A", KeyA)).Seal(Definition("s"));

        var error = Assert.Throws<SecretProtectionException>(() => new ToolSecretProtection(TestKeys.Protector("B", KeyB)).Open(sealedDefinition));

        Assert.Contains("key 'A'", error.Message, StringComparison.Ordinal);
    }
}
