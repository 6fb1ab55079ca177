using System.Security.Claims;
using Everruns.Api.Auth;
using Microsoft.AspNetCore.Authentication;

namespace Everruns.Api.Mcp;

/// <summary>
/// Gives an authenticated caller the name identifier the MCP SDK binds a session to, so that a session opened with
/// one API key cannot be used with another: the stored key's id, or the key's name for the bootstrap key.
/// </summary>
public sealed class McpSessionIdentity : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || identity.HasClaim(c => c.Type == ClaimTypes.NameIdentifier))
        {
            return Task.FromResult(principal);
        }

        var id = principal.FindFirstValue(Caller.KeyIdClaim) ?? principal.Identity.Name;
        if (id is not null)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, id));
        }

        return Task.FromResult(principal);
    }
}
