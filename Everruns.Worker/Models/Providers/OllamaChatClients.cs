using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Everruns.Worker.Models;

/// <summary>
/// <c>ollama/&lt;model&gt;</c> through OllamaSharp, which implements <see cref="IChatClient"/>. Every client shares one
/// HttpClient: it carries the configured credentials (a hosted Ollama) and a <see cref="RetryAfterHandler"/>.
/// </summary>
internal sealed class OllamaChatClients(OllamaOptions options) : IDisposable
{
    // Local models can take minutes to load before the first byte arrives.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    // OllamaApiClient does not dispose a client it was given.
    private readonly Lazy<HttpClient> _http = new(() => CreateHttpClient(options));

    public IChatClient Create(string model) => new OllamaToolResultsChatClient(new OllamaApiClient(_http.Value, model));

    private static HttpClient CreateHttpClient(OllamaOptions options)
    {
        var http = new HttpClient(new RetryAfterHandler { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = options.EffectiveEndpoint,
            Timeout = RequestTimeout,
        };
        if (options.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }

        foreach (var (name, value) in options.Headers)
        {
            http.DefaultRequestHeaders.Remove(name);
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        return http;
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
