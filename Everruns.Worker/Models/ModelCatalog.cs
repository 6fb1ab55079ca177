using Everruns.Data.Agents;

namespace Everruns.Worker.Models;

/// <summary>A provider and whether it can be used as configured.</summary>
/// <param name="Name">The model id prefix.</param>
/// <param name="IsConfigured">Its key (or endpoint) is set; the simulator always is.</param>
/// <param name="DefaultModel">The model used when this provider is the default one.</param>
/// <param name="Setting">What to set to configure it.</param>
public sealed record ModelProviderInfo(string Name, bool IsConfigured, ModelId DefaultModel, string Setting);

/// <summary>
/// Which providers are configured, the simulator's models, and the default model. The default is
/// <c>Models:DefaultModel</c> when set; else the first configured provider's default model, in the order
/// openai, anthropic, ollama; else <c>sim/default</c>, so that everything runs without network or keys.
/// </summary>
public sealed class ModelCatalog
{
    public static readonly ModelId SimulatorDefault = new(SimulatorChatClient.ProviderName, "default");

    public ModelCatalog(ModelsOptions options)
    {
        Providers =
        [
            new("openai", options.OpenAI.IsConfigured, new ModelId("openai", "gpt-4o-mini"), "OPENAI_API_KEY and/or OPENAI_BASE_URL"),
            new("anthropic", options.Anthropic.IsConfigured, new ModelId("anthropic", "claude-sonnet-4-5"), "ANTHROPIC_API_KEY"),
            new("ollama", options.Ollama.IsConfigured, new ModelId("ollama", "llama3.2"), "OLLAMA_ENDPOINT"),
            new(SimulatorChatClient.ProviderName, true, SimulatorDefault, "nothing: built in"),
        ];
        SimulatorModels = [.. SimulatorChatClient.ModelNames.Select(name => new ModelId(SimulatorChatClient.ProviderName, name))];
        DefaultModelId = options.DefaultModel ?? Providers.First(p => p.IsConfigured).DefaultModel;
    }

    public IReadOnlyList<ModelProviderInfo> Providers { get; }

    public IReadOnlyList<ModelId> SimulatorModels { get; }

    public ModelId DefaultModelId { get; }

    public bool IsConfigured(string provider) => Providers.Any(p => p.Name == provider && p.IsConfigured);
}
