namespace Everruns.Api.Http;

/// <summary>Says what went wrong when no endpoint answered: an unknown route (404) or a method it does not take (405).</summary>
public static class StatusCodeProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null || context.HttpContext.GetEndpoint() is { } endpoint && endpoint.DisplayName?.StartsWith("405", StringComparison.Ordinal) != true)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"There is nothing at {request.Path}. The API's endpoints are listed at /scalar.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{request.Path} does not take {request.Method}; it takes {context.HttpContext.Response.Headers.Allow}.",
            _ => problem.Detail,
        };
    }
}
