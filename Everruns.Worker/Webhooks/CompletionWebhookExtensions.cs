using Everruns.Worker.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Webhooks;

public static class CompletionWebhookExtensions
{
    /// <summary>
    /// The deliverer of completion webhooks, for the API process in either runner mode: deliveries are queued in the
    /// database by whichever process ends a run (the API in-process, the worker on Temporal) and delivered from there.
    /// </summary>
    public static TBuilder AddCompletionWebhookDelivery<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<CompletionWebhookOptions>().BindConfiguration(CompletionWebhookOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CompletionWebhookOptions>, CompletionWebhookOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(_ => new OutboundAddressPolicy(ToolsOptions.FromConfiguration(builder.Configuration).AllowPrivateNetworks));
        builder.Services.AddSingleton<CompletionWebhookSender>();
        builder.Services.AddHostedService<CompletionWebhookDeliverer>();
        return builder;
    }
}
