using Everruns.Data.Secrets;

namespace Everruns.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private const string Secret = "whsec_at_rest_3a9f";
    private static readonly (string, string) KeyA = ("A", TestKeys.NewKey());
    private static readonly (string, string) KeyB = ("B", TestKeys.NewKey());

    [Fact]
    public void A_secret_round_trips_and_names_its_key_in_the_clear()
    {
        var protector = TestKeys.Protector("A", KeyA);

        var stored = protector.Protect(Secret, SecretPurposes.ToolSecret);

        Assert.StartsWith("enc:v1:A:", stored);
        Assert.DoesNotContain(Secret, stored);
        Assert.Equal(Secret, protector.Unprotect(stored, SecretPurposes.ToolSecret));
        Assert.True(protector.IsUnderActiveKey(stored));
    }

    [Fact]
    public void The_same_secret_encrypts_differently_each_time()
    {
        var protector = TestKeys.Protector("A", KeyA);

        Assert.NotEqual(protector.Protect(Secret, SecretPurposes.ToolSecret), protector.Protect(Secret, SecretPurposes.ToolSecret));
    }

    [Fact]
    public void Empty_and_unicode_secrets_round_trip()
    {
        var protector = TestKeys.Protector("A", KeyA);

        foreach (var secret in new[] { "", "ключ-🔑-鍵", new string('x', 10_000) })
        {
            Assert.Equal(secret, protector.Unprotect(protector.Protect(secret, SecretPurposes.ToolSecret), SecretPurposes.ToolSecret));
        }
    }

    [Fact]
    public void Tampering_is_detected()
    {
        var protector = TestKeys.Protector("A", KeyA);
        var stored = protector.Protect(Secret, SecretPurposes.ToolSecret);
        var prefix = ProtectedValue.PrefixFor("A");
        var bytes = Convert.FromBase64String(stored[prefix.Length..]);

        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            var error = Assert.Throws<SecretProtectionException>(
                () => protector.Unprotect(prefix + Convert.ToBase64String(altered), SecretPurposes.ToolSecret));
            Assert.Contains("altered", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(prefix + Convert.ToBase64String(bytes[..^1]), SecretPurposes.ToolSecret));
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(prefix + "not*base64", SecretPurposes.ToolSecret));
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(prefix + "AAAA", SecretPurposes.ToolSecret));
    }

    [Fact]
    public void A_ciphertext_of_another_purpose_fails()
    {
        var protector = TestKeys.Protector("A", KeyA);
        var stored = protector.Protect(Secret, "provider-api-key");

        var error = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(stored, SecretPurposes.ToolSecret));

        Assert.Contains("not a tool-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ciphertext_relabelled_with_another_key_id_fails()
    {
        var key = TestKeys.NewKey();
        var protector = TestKeys.Protector("A", ("A", key), ("B", key));
        var stored = protector.Protect(Secret, SecretPurposes.ToolSecret);

        Assert.Throws<SecretProtectionException>(() => protector.Unprotect("enc:v1:B:" + stored["enc:v1:A:".Length..], SecretPurposes.ToolSecret));
    }

    [Fact]
    public void An_unknown_key_id_gives_a_clear_error_without_the_secret()
    {
        var stored = TestKeys.Protector("A", KeyA).Protect(Secret, SecretPurposes.ToolSecret);

        var error = Assert.Throws<SecretProtectionException>(() => TestKeys.Protector("B", KeyB).Unprotect(stored, SecretPurposes.ToolSecret));

        Assert.Contains("key 'A'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in the key ring (keys: B, dev)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets:Keys:A", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stored, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_is_not_a_protected_value()
    {
        var protector = TestKeys.Protector("A", KeyA);

        Assert.False(protector.IsUnderActiveKey(Secret));
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(Secret, SecretPurposes.ToolSecret));
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect("enc:v1:A:", SecretPurposes.ToolSecret));
    }

    [Fact]
    public void After_a_rotation_old_ciphertexts_still_decrypt_and_new_ones_use_the_new_key()
    {
        var before = TestKeys.Protector("A", KeyA).Protect(Secret, SecretPurposes.ToolSecret);
        var rotated = TestKeys.Protector("B", KeyA, KeyB);

        Assert.Equal(Secret, rotated.Unprotect(before, SecretPurposes.ToolSecret));
        Assert.False(rotated.IsUnderActiveKey(before));
        Assert.StartsWith("enc:v1:B:", rotated.Protect(Secret, SecretPurposes.ToolSecret));
    }

    [Fact]
    public void Without_configuration_the_development_key_is_used_and_stays_readable_after_a_real_key_is_set()
    {
        var development = new SecretProtector(SecretKeyRing.From(new SecretsOptions()));
        var stored = development.Protect(Secret, SecretPurposes.ToolSecret);

        Assert.True(development.Ring.UsesDevelopmentKey);
        Assert.StartsWith("enc:v1:dev:", stored);
        Assert.Equal(Secret, TestKeys.Protector("A", KeyA).Unprotect(stored, SecretPurposes.ToolSecret));
    }
}
