namespace Everruns.Data.Secrets;

/// <summary>A protected secret that cannot be decrypted. The message never holds the secret or its ciphertext.</summary>
public sealed class SecretProtectionException(string message, Exception? innerException = null)
    : Exception(message, innerException);
