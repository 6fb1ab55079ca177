using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Everruns.Data.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Everruns.Api.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c>. A valid key is remembered for a short while (<see cref="ApiKeyCache"/>);
/// a revoked key is forgotten at once in the process that revoked it and, through a database notification, in the
/// others.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    ApiKeyCache cache,
    AuthOptions auth,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed key.");
        }

        if (auth.BootstrapKey is { Length: > 0 } bootstrap
            && CryptographicOperations.FixedTimeEquals(ApiKeySecrets.Hash(secret), ApiKeySecrets.Hash(bootstrap)))
        {
            return Success(new Claim(ClaimTypes.Name, "bootstrap"), new Claim(Caller.RoleClaim, RoleName(ApiKeyRole.Admin)));
        }

        var now = time.GetUtcNow();
        var key = cache.Find(secret, now) ?? await keys.FindActiveAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            cache.Drop(secret);
            return AuthenticateResult.Fail("Unknown or revoked key.");
        }

        cache.Remember(secret, key, now);
        if (cache.ShouldTouch(key.Id, now))
        {
            await keys.TouchAsync(key.Id, Context.RequestAborted);
        }

        return Success(
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(Caller.KeyIdClaim, key.Id.ToString()),
            new Claim(Caller.RoleClaim, RoleName(key.Role)));
    }

    public static string RoleName(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    /// <summary>401 as problem details that say how to authenticate and nothing about what exists.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid API key is required: send Authorization: Bearer <key>.");
    }

    /// <summary>403 as problem details: the key is valid, its role does not allow this.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            "Only admin API keys (and the bootstrap key) may list, create or revoke API keys; this key's role does not allow it.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
