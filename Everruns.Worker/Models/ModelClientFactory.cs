using Everruns.Data.Agents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Everruns.Worker.Models;

/// <summary>Chooses the provider by the model id's prefix and wraps its client in <see cref="RetryingChatClient"/>.</summary>
public sealed class ModelClientFactory : IModelClientFactory, IDisposable
{
    private readonly ModelsOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly OllamaChatClients _ollama;
    private readonly AnthropicChatClients _anthropic;

    public ModelClientFactory(ModelsOptions options, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ModelClientFactory>();
        _retry = ModelRetryPipeline.Create(options.Retry, logger);
        _ollama = new OllamaChatClients(options.Ollama);
        _anthropic = new AnthropicChatClients(options.Anthropic);
    }

    public IChatClient Create(ModelId modelId)
    {
        var inner = modelId.Provider switch
        {
            "openai" => OpenAiChatClients.Create(_options.OpenAI, modelId.Model),
            "anthropic" => _anthropic.Create(modelId.Model),
            "ollama" => _ollama.Create(modelId.Model),
            SimulatorChatClient.ProviderName when _options.SimulatorEnabled => new SimulatorChatClient(_options.Simulator, modelId.Model),
            SimulatorChatClient.ProviderName => throw new ModelConfigurationException($"Model '{modelId}' cannot run: {ModelCatalog.SimulatorOff}"),
            _ => throw new ModelConfigurationException(
                $"Unknown model provider '{modelId.Provider}'; use one of {string.Join(", ", ModelId.Providers)}."),
        };
        return new RetryingChatClient(inner, _retry, modelId.ToString());
    }

    /// <summary>Parses <c>provider/model</c> and creates its client.</summary>
    public IChatClient Create(string modelId) =>
        ModelId.TryParse(modelId, out var parsed)
            ? Create(parsed)
            : throw new ModelConfigurationException(
                $"Model id '{modelId}' is not 'provider/model' with a provider of {string.Join(", ", ModelId.Providers)}.");

    public void Dispose()
    {
        _ollama.Dispose();
        _anthropic.Dispose();
    }
}
