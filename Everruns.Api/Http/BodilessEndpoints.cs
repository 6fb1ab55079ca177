using Microsoft.AspNetCore.Http.Metadata;

namespace Everruns.Api.Http;

/// <summary>
/// An endpoint that takes no body (a cancel, a delete) refuses the content types a cross-site HTML form or a plain
/// <c>fetch</c> can send without a CORS preflight (<c>application/x-www-form-urlencoded</c>,
/// <c>multipart/form-data</c>, <c>text/plain</c>), and every other type but JSON, with 415. Endpoints that take a
/// JSON body refuse other types when they read it.
/// </summary>
public sealed class BodilessEndpoints(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType is null
            || context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            || context.Request.HasJsonContentType())
        {
            return next(context);
        }

        throw new BadHttpRequestException(
            $"This endpoint takes no request body, and refuses the content type '{context.Request.ContentType}': send no body (or JSON).",
            StatusCodes.Status415UnsupportedMediaType);
    }
}
