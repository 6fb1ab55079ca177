using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Everruns.Api.Http;

/// <summary>
/// Turns exceptions into RFC 9457 problem details. Client errors say what was wrong; anything else is a
/// 500 that reveals nothing of the server (no SQL, no stack trace).
/// </summary>
public sealed class ProblemExceptionHandler(
    IProblemDetailsService problemDetails, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => Invalid(bad.InnerException is JsonException json
                ? JsonBodyErrors.Describe(json, BodyType(httpContext), jsonOptions.Value.SerializerOptions)
                : BindingErrors.Describe(bad)),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = TitleFor(bad.StatusCode),
                Detail = bad.Message,
            },
            // The JSON body reader throws this for a charset it cannot decode.
            InvalidOperationException when HasUnknownCharset(httpContext.Request) => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = TitleFor(StatusCodes.Status415UnsupportedMediaType),
                Detail = "The charset of the request's Content-Type is not one the server can read; send UTF-8 JSON.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "The server could not complete the request. The error has been logged.",
            },
        };

        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.Charset.Length == 0)
        {
            return false;
        }

        try
        {
            _ = Encoding.GetEncoding(contentType.Charset.Value!.Trim('"'));
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>The type the endpoint reads its body as. The exception handler clears the endpoint; its feature keeps it.</summary>
    private static Type? BodyType(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    private static HttpValidationProblemDetails Invalid(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = "One or more fields are invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)),
    };

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
