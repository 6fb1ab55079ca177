using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Everruns.Data.Json;
using Everruns.Worker.Runners;
using Microsoft.AspNetCore.Http.Json;

namespace Everruns.Api.Http;

public static class HttpExtensions
{
    /// <summary>JSON conventions, problem details for every error, request limits and the health fields.</summary>
    public static WebApplicationBuilder AddEverrunsHttp(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options =>
        {
            EverrunsJson.Configure(options.SerializerOptions);
            // A key given twice is ambiguous: refused, rather than the last one winning.
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.TypeInfoResolver =
                (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RequestJsonRules.Apply);
        });

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("trace_id", context.HttpContext.TraceIdentifier);
            StatusCodeProblems.Describe(context);
        });
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw so that they reach the exception handler and get a problem details body.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        var limits = builder.Configuration.GetSection(RequestLimits.Section).Get<RequestLimits>() ?? new RequestLimits();
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton(builder.Configuration.GetSection(KeyLimitOptions.Section).Get<KeyLimitOptions>() ?? new KeyLimitOptions());
        builder.Services.AddSingleton<KeyLimits>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        var runner = AgentRunnerOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(runner);
        builder.Services.Configure<HealthResponseOptions>(options =>
        {
            options.Fields["version"] = ApplicationVersion;
            options.Fields["runner_mode"] = runner.ModeName;
        });

        return builder;
    }

    public static WebApplication UseEverrunsHttp(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<BodilessEndpoints>();
        return app;
    }

    public static string ApplicationVersion { get; } =
        typeof(HttpExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
