using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Everruns.Data.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Everruns.Api.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c>. A valid key is remembered for a short while, so that streaming
/// clients do not cost a query per request; a revoked key stops working within that while everywhere (at once in
/// the process that revoked it).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    AuthOptions auth,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private static readonly TimeSpan Remembered = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> Recent = new();
    private static readonly ConcurrentDictionary<Guid, DateTimeOffset> Touched = new();

    public static void Forget(Guid keyId)
    {
        foreach (var (secret, entry) in Recent)
        {
            if (entry.Key.Id == keyId)
            {
                Recent.TryRemove(secret, out _);
            }
        }
    }

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
            return Success(new Claim(ClaimTypes.Name, "bootstrap"));
        }

        var now = time.GetUtcNow();
        var key = Recent.TryGetValue(secret, out var entry) && entry.Until > now
            ? entry.Key
            : await keys.FindActiveAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            Recent.TryRemove(secret, out _);
            return AuthenticateResult.Fail("Unknown or revoked key.");
        }

        Recent[secret] = (key, now + Remembered);
        if (!Touched.TryGetValue(key.Id, out var touched) || now - touched > TouchEvery)
        {
            Touched[key.Id] = now;
            await keys.TouchAsync(key.Id, Context.RequestAborted);
        }

        return Success(new Claim(ClaimTypes.Name, key.Name), new Claim(Caller.KeyIdClaim, key.Id.ToString()));
    }

    /// <summary>401 as problem details that say how to authenticate and nothing about what exists.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "A valid API key is required: send Authorization: Bearer <key>.",
            },
        });
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
