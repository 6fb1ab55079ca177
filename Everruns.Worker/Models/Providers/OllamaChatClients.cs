using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Everruns.Worker.Models;

/// <summary><c>ollama/&lt;model&gt;</c> through OllamaSharp, which implements <see cref="IChatClient"/>.</summary>
internal sealed class OllamaChatClients(OllamaOptions options) : IDisposable
{
    // Local models can take minutes to load before the first byte arrives.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    // One HttpClient for all Ollama clients: OllamaApiClient does not dispose a client it was given.
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient
    {
        BaseAddress = options.EffectiveEndpoint,
        Timeout = RequestTimeout,
    });

    public IChatClient Create(string model) => new OllamaApiClient(_http.Value, model);

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
