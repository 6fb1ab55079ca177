using Everruns.Api.Auth;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

/// <summary><c>role</c> is <c>member</c> unless given.</summary>
public sealed record CreateApiKeyRequest(string Name, ApiKeyRole Role = ApiKeyRole.Member);

/// <summary><c>created_by</c> is the key that made this one; null when the bootstrap key (or an open API) made it.</summary>
public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, ApiKeyRole Role, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Role, key.CreatedBy, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>The key's value is in this answer only; it is stored as a hash.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, ApiKeyRole Role, Guid? CreatedBy, string Key, DateTimeOffset CreatedAt);

/// <summary>The revoked key, and the keys revoked with it because it made them (directly or through other keys).</summary>
public sealed record RevokedApiKeyResponse(
    Guid Id, string Name, string Prefix, ApiKeyRole Role, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
    IReadOnlyList<Guid> AlsoRevoked);

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(AuthExtensions.KeyAdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/", CreateApiKey).WithName(nameof(CreateApiKey))
            .WithSummary("Create an API key; its value is shown once")
            .WithDescription("Admin keys and the bootstrap key only. role is member (uses the API) or admin (also manages keys); member by default.");
        api.MapGet("/", ListApiKeys).WithName(nameof(ListApiKeys))
            .WithSummary("List API keys (names, prefixes, roles, makers, last use; never values)")
            .WithDescription("Admin keys and the bootstrap key only.");
        api.MapDelete("/{id}", RevokeApiKey).WithName(nameof(RevokeApiKey))
            .WithSummary("Revoke an API key and every key made with it")
            .WithDescription("Admin keys and the bootstrap key only. The keys the revoked key made, directly or through keys it made, are revoked with it (also_revoked). Open requests of the revoked keys end.");
        return api;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKey(
        CreateApiKeyRequest request, ApiKeyStore keys, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problems.Invalid("name", "name must be 1 to 200 characters and not blank.");
        }

        var created = await keys.CreateAsync(request.Name.Trim(), request.Role, context.User.KeyId(), cancellationToken);
        var key = created.Key;
        return TypedResults.Created(
            $"/v1/api-keys/{key.Id}", new CreatedApiKeyResponse(key.Id, key.Name, key.Prefix, key.Role, key.CreatedBy, created.Secret, key.CreatedAt));
    }

    public static async Task<Ok<ListResponse<ApiKeyResponse>>> ListApiKeys(ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<ApiKeyResponse>([.. list.Select(ApiKeyResponse.From)], list.Count, list.Count, 0));
    }

    public static async Task<Results<Ok<RevokedApiKeyResponse>, ProblemHttpResult>> RevokeApiKey(
        Guid id, ApiKeyStore keys, OpenKeyRequests openRequests, HttpContext context, CancellationToken cancellationToken)
    {
        // A key may revoke itself, and still hear the answer.
        openRequests.Release(context);

        var revocation = await keys.RevokeAsync(id, cancellationToken);
        if (revocation is null)
        {
            return Problems.NotFound("API key", id);
        }

        // At once here; the other processes hear of it from the database.
        openRequests.Revoked(revocation.AllIds);
        var key = revocation.Key;
        return TypedResults.Ok(new RevokedApiKeyResponse(
            key.Id, key.Name, key.Prefix, key.Role, key.CreatedBy, key.CreatedAt, key.LastUsedAt, key.RevokedAt, revocation.AlsoRevoked));
    }
}
