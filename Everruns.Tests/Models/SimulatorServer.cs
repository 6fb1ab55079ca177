using System.Collections.Concurrent;
using Everruns.Worker.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Everruns.Tests.Models;

/// <summary>A Kestrel server on a free loopback port serving <see cref="SimulatorOpenAiEndpoint"/>, recording every request.</summary>
public sealed class SimulatorServer : IAsyncLifetime
{
    public const string Prefix = "/sim";

    private WebApplication? _app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>What <c>OPENAI_BASE_URL</c> must be to reach the simulator.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEverrunsModels(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Models:Simulator:TokensPerSecond"] = "0" })
            .Build());
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            var received = DateTimeOffset.UtcNow;
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            try
            {
                await next(context);
            }
            finally
            {
                Requests.Enqueue(new RecordedRequest(received, body, context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString()));
            }
        });
        SimulatorOpenAiEndpoint.Map(_app, Prefix);
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = $"{address}{Prefix}/v1";
    }

    /// <summary>The requests whose body contains <paramref name="marker"/>, in arrival order.</summary>
    public List<RecordedRequest> RequestsWith(string marker) =>
        [.. Requests.Where(r => r.Body.Contains(marker, StringComparison.Ordinal)).OrderBy(r => r.ReceivedAt)];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed record RecordedRequest(DateTimeOffset ReceivedAt, string Body, int Status, string RetryAfter);
