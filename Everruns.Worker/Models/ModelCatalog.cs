using Everruns.Data.Agents;

namespace Everruns.Worker.Models;

/// <summary>A provider and whether it can be used as configured.</summary>
/// <param name="Name">The model id prefix.</param>
/// <param name="IsConfigured">Its key (or endpoint) is set; for the simulator, whether it is on (<see cref="ModelsOptions.SimulatorEnabled"/>).</param>
/// <param name="DefaultModel">The model used when this provider is the default one.</param>
/// <param name="Setting">What to set to configure it.</param>
public sealed record ModelProviderInfo(string Name, bool IsConfigured, ModelId DefaultModel, string Setting);

/// <summary>
/// Which providers are configured, the simulator's models, and the default model. The default is
/// <c>Models:DefaultModel</c> when set; else the first configured provider's default model, in the order
/// openai, anthropic, ollama; else <c>sim/default</c>, so that everything runs without network or keys. The simulator
/// is offered next to a real provider only when <c>Models:Simulator:Enabled</c> is true.
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
            new(SimulatorChatClient.ProviderName, options.SimulatorEnabled, SimulatorDefault, $"nothing: built in (next to a real provider, {SimulatorSetting}=true)"),
        ];
        SimulatorModels = [.. SimulatorChatClient.ModelNames.Select(name => new ModelId(SimulatorChatClient.ProviderName, name))];
        DefaultModelId = options.DefaultModel
            ?? Providers.FirstOrDefault(p => p.IsConfigured)?.DefaultModel
            ?? throw new ModelConfigurationException(
                $"No model provider is configured and the simulator is off ({SimulatorSetting}=false): configure a provider or turn the simulator on.");
        if (DefaultModelId.Provider == SimulatorChatClient.ProviderName && !options.SimulatorEnabled)
        {
            throw new ModelConfigurationException($"Models:DefaultModel is '{DefaultModelId}', but the simulator is off: {SimulatorOff}");
        }
    }

    /// <summary>The setting that turns the simulator on next to a real provider, as an environment variable.</summary>
    public const string SimulatorSetting = "Models__Simulator__Enabled";

    /// <summary>Why <c>sim/...</c> models are refused when the simulator is off.</summary>
    public const string SimulatorOff =
        $"the simulator (sim/...) is offered only when no model provider is configured, or when {SimulatorSetting}=true.";

    public bool SimulatorEnabled => IsConfigured(SimulatorChatClient.ProviderName);

    public IReadOnlyList<ModelProviderInfo> Providers { get; }

    public IReadOnlyList<ModelId> SimulatorModels { get; }

    public ModelId DefaultModelId { get; }

    public bool IsConfigured(string provider) => Providers.Any(p => p.Name == provider && p.IsConfigured);
}
