using Everruns.Data.Secrets;
using Everruns.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Everruns.Tests.Secrets;

/// <summary>A bad key ring stops the process at start-up, with a message that says what to fix.</summary>
public sealed class SecretsOptionsValidationTests
{
    private static string Errors(SecretsOptions options) => string.Join("\n", SecretsOptionsValidator.Errors(options));

    [Fact]
    public void Valid_rings_pass()
    {
        Assert.Empty(SecretsOptionsValidator.Errors(new SecretsOptions()));
        Assert.Empty(SecretsOptionsValidator.Errors(TestKeys.Options("A", ("A", TestKeys.NewKey()), ("old-key_1", TestKeys.NewKey()))));
    }

    [Fact]
    public void Bad_base64_is_refused()
    {
        var errors = Errors(TestKeys.Options("A", ("A", "not base64!")));

        Assert.Contains("Secrets:Keys:A is not valid base64", errors, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_the_wrong_length_is_refused()
    {
        Assert.Contains(
            "Secrets:Keys:A is 16 bytes long; AES-256 needs exactly 32",
            Errors(TestKeys.Options("A", ("A", Convert.ToBase64String(new byte[16])))),
            StringComparison.Ordinal);
        Assert.Contains(
            "Secrets:Keys:A is 48 bytes long",
            Errors(TestKeys.Options("A", ("A", Convert.ToBase64String(new byte[48])))),
            StringComparison.Ordinal);
        Assert.Contains("Secrets:Keys:A is not valid base64", Errors(TestKeys.Options("A", ("A", ""))), StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_missing_from_the_ring_is_refused()
    {
        Assert.Contains(
            "Secrets:ActiveKeyId is 'B', but there is no key Secrets:Keys:B (configured keys: A)",
            Errors(TestKeys.Options("B", ("A", TestKeys.NewKey()))),
            StringComparison.Ordinal);
        Assert.Contains(
            "Secrets:ActiveKeyId is 'B', but there is no key Secrets:Keys:B (configured keys: none)",
            Errors(TestKeys.Options("B")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_without_an_active_key_are_refused()
    {
        Assert.Contains("Secrets:ActiveKeyId is not set", Errors(TestKeys.Options(null, ("A", TestKeys.NewKey()))), StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_and_malformed_key_ids_are_refused()
    {
        Assert.Contains("reserved for the built-in development key", Errors(TestKeys.Options("dev", ("dev", TestKeys.NewKey()))), StringComparison.Ordinal);
        Assert.Contains("a key id is 1 to 32 letters", Errors(TestKeys.Options("a:b", ("a:b", TestKeys.NewKey()))), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_reencryption_settings_are_refused()
    {
        Assert.Contains(
            "Secrets:ReencryptInterval must be positive",
            Errors(new SecretsOptions { ReencryptInterval = TimeSpan.Zero }),
            StringComparison.Ordinal);
        Assert.Contains(
            "Secrets:ReencryptBatchSize must be between 1 and 10000",
            Errors(new SecretsOptions { ReencryptBatchSize = 0 }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_does_not_start_with_a_bad_key()
    {
        var settings = new Dictionary<string, string?> { ["Secrets:Keys:A"] = "c2hvcnQ=", ["Secrets:ActiveKeyId"] = "A" };
        // Nothing listens there: the key ring is checked before anything connects.
        using var factory = new ApiFactory("Host=127.0.0.1;Port=1;Database=none", settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.Server);

        Assert.Contains("Secrets:Keys:A is 5 bytes long", error.Message, StringComparison.Ordinal);
    }
}
