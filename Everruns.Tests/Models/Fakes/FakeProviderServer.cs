using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Everruns.Tests.Models.Fakes;

/// <summary>
/// A model provider's HTTP API on a free loopback port, answering as the test scripts it (each request gets the next
/// answer), and recording every request. The per-provider wire formats are in <see cref="AnthropicWire"/> and
/// <see cref="OllamaWire"/>.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ProviderRequest, HttpContext, Task> _answer;

    private FakeProviderServer(WebApplication app, Func<ProviderRequest, HttpContext, Task> answer)
    {
        _app = app;
        _answer = answer;
    }

    public ConcurrentQueue<ProviderRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeProviderServer> StartAsync(Func<ProviderRequest, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeProviderServer(builder.Build(), answer);
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        server.BaseUrl = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var request = new ProviderRequest(
            Requests.Count + 1,
            DateTimeOffset.UtcNow,
            context.Request.Path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        Requests.Enqueue(request);
        await _answer(request, context);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <param name="Number">1 for the first request the server received.</param>
public sealed record ProviderRequest(int Number, DateTimeOffset ReceivedAt, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;
}
