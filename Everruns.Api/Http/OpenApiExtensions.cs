using Scalar.AspNetCore;

namespace Everruns.Api.Http;

public static class OpenApiExtensions
{
    public static WebApplicationBuilder AddEverrunsOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options
            .AddDocumentTransformer<OmittedNullsDocumentTransformer>()
            .AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Everruns API";
                document.Info.Version = HttpExtensions.ApplicationVersion;
                document.Info.Description = "Durable AI agent runs: agents, threads, messages, runs and their AG-UI event streams.";
                return Task.CompletedTask;
            }));
        return builder;
    }

    /// <summary>The document at <c>/openapi/v1.json</c>, Scalar at <c>/scalar</c>, and <c>/swagger-ui</c> leading there.</summary>
    public static WebApplication MapEverrunsOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        // Served from the API alone, with nothing that needs the internet or a Scalar account: the script is the
        // package's own, the fonts are the system's, and the AI chat, MCP and developer tools (Deploy, Generate SDK) are off.
        app.MapScalarApiReference(options => options
            .WithTitle("Everruns API")
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()).AllowAnonymous();
        app.MapGet("/swagger-ui", () => TypedResults.Redirect("/scalar")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
