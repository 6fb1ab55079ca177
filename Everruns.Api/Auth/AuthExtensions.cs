using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HostFiltering;

namespace Everruns.Api.Auth;

public static class AuthExtensions
{
    /// <summary>API keys when <c>Auth:Mode</c> is <c>ApiKey</c>; otherwise everything is open, and it is said so.</summary>
    public static WebApplicationBuilder AddEverrunsAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AllowedHostNames>();

        // ASP.NET Core's own host filtering gives way to AllowedHostNames, which also knows the authentication mode.
        builder.Services.PostConfigure<HostFilteringOptions>(hosts => hosts.AllowedHosts = ["*"]);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<OpenKeyRequests>();
        builder.Services.AddHostedService<RevokedKeyWatcher>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(authorization =>
        {
            if (options.Mode == AuthMode.ApiKey)
            {
                // Every endpoint needs a key unless it says otherwise (health, OpenAPI and Scalar do).
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }

            authorization.AddPolicy(KeyAdminPolicy, options.Mode == AuthMode.ApiKey
                ? new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Caller.RoleClaim, "admin").Build()
                : new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build());
        });
        builder.Services.Configure<HealthResponseOptions>(health => health.Fields["auth_mode"] = options.ModeName);
        builder.Services.AddHostedService<AuthModeAnnouncement>();
        return builder;
    }

    /// <summary>What managing API keys needs: an admin key or the bootstrap key (anyone, with authentication off).</summary>
    public const string KeyAdminPolicy = "KeyAdmin";

    public static WebApplication UseEverrunsAuth(this WebApplication app)
    {
        app.UseMiddleware<AllowedHostNames.Middleware>();
        app.UseAuthentication();
        app.UseMiddleware<OpenKeyRequests.Middleware>();
        app.UseAuthorization();
        return app;
    }

    private sealed class AuthModeAnnouncement(AuthOptions options, ILogger<AuthModeAnnouncement> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Mode == AuthMode.None)
            {
                logger.LogWarning(
                    "Authentication is off (Auth:Mode=None): anyone who can reach this API can use it. Set Auth__Mode=ApiKey before exposing it.");
            }
            else
            {
                logger.LogInformation("API keys are required on /v1/ (Auth:Mode=ApiKey){Bootstrap}",
                    string.IsNullOrEmpty(options.BootstrapKey) ? "; no bootstrap key is configured" : "; a bootstrap key is configured");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
