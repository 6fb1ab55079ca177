using System.Security.Claims;

namespace Everruns.Api.Auth;

/// <summary>Who is calling: a stored API key, the bootstrap key, or (with authentication off) anyone.</summary>
public static class Caller
{
    public const string KeyIdClaim = "everruns_key_id";

    /// <summary><c>admin</c> or <c>member</c>; the bootstrap key is an admin.</summary>
    public const string RoleClaim = "everruns_role";

    /// <summary>The stored key of the caller; null for the bootstrap key and when authentication is off.</summary>
    public static Guid? KeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var id) ? id : null;

    /// <summary>What per-key limits count by.</summary>
    public static string LimitKey(this ClaimsPrincipal user) =>
        user.FindFirstValue(KeyIdClaim) ?? user.Identity?.Name ?? "anonymous";

    /// <summary>Whose <c>Idempotency-Key</c>s these are: a stored key's, the bootstrap key's, or (authentication off) everyone's.</summary>
    public static string IdempotencyScope(this ClaimsPrincipal user) =>
        user.KeyId() is { } keyId ? $"key:{keyId}" : user.Identity?.IsAuthenticated == true ? "bootstrap" : "open";
}
