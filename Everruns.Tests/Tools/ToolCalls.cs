using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Worker.Execution;
using Everruns.Worker.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everruns.Tests.Tools;

/// <summary>Builds tool invocations and invokers for tool tests.</summary>
internal static class ToolCalls
{
    public static readonly ToolsOptions Private = new() { AllowPrivateNetworks = true, RetryBaseDelay = TimeSpan.FromMilliseconds(20) };

    public static readonly ToolsOptions PublicOnly = new() { AllowPrivateNetworks = false };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static WebhookToolInvoker Invoker(ToolsOptions? options = null, ILogger<WebhookToolInvoker>? logger = null) =>
        new(options ?? Private, TimeProvider.System, logger ?? NullLogger<WebhookToolInvoker>.Instance);

    public static ToolInvocation Webhook(
        string url,
        object? arguments = null,
        string? secret = null,
        int? timeoutSecs = null,
        int? maxRetries = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string? method = null,
        Guid? runId = null,
        string? callId = null) =>
        new(
            runId ?? Guid.NewGuid(),
            new ToolCallRecord(callId ?? $"call_{Guid.NewGuid():N}", "lookup", JsonSerializer.SerializeToElement(arguments ?? new { })),
            new ToolDefinition
            {
                Type = ToolType.Webhook,
                Name = "lookup",
                Url = url,
                Method = method,
                Headers = headers,
                TimeoutSecs = timeoutSecs,
                MaxRetries = maxRetries,
                Secret = secret,
            });

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static JsonElement ErrorOf(ToolResult result)
    {
        Assert.True(result.IsError, $"expected an error result, got {result.Content}");
        return Json(result.Content).GetProperty("error");
    }
}
