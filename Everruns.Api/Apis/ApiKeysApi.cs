using Everruns.Api.Auth;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

public sealed record CreateApiKeyRequest(string Name);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) => new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>The key's value is in this answer only; it is stored as a hash.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/api-keys").WithTags("API keys");
        api.MapPost("/", CreateApiKey).WithName(nameof(CreateApiKey)).WithSummary("Create an API key; its value is shown once");
        api.MapGet("/", ListApiKeys).WithName(nameof(ListApiKeys)).WithSummary("List API keys (names, prefixes, last use; never values)");
        api.MapDelete("/{id}", RevokeApiKey).WithName(nameof(RevokeApiKey)).WithSummary("Revoke an API key");
        return api;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKey(
        CreateApiKeyRequest request, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problems.Invalid("name", "name must be 1 to 200 characters and not blank.");
        }

        var created = await keys.CreateAsync(request.Name.Trim(), cancellationToken);
        var key = created.Key;
        return TypedResults.Created($"/v1/api-keys/{key.Id}", new CreatedApiKeyResponse(key.Id, key.Name, key.Prefix, created.Secret, key.CreatedAt));
    }

    public static async Task<Ok<ListResponse<ApiKeyResponse>>> ListApiKeys(ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<ApiKeyResponse>([.. list.Select(ApiKeyResponse.From)], list.Count, list.Count, 0));
    }

    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeApiKey(Guid id, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var key = await keys.RevokeAsync(id, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("API key", id);
        }

        ApiKeyAuthenticationHandler.Forget(id);
        return TypedResults.Ok(ApiKeyResponse.From(key));
    }
}
