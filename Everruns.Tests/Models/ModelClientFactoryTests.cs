using Everruns.Data.Agents;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Everruns.Tests.Models;

public sealed class ModelClientFactoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task Registration_gives_a_simulator_by_default()
    {
        using var services = new ServiceCollection().AddLogging().AddEverrunsModels(Configuration(("Models:Simulator:TokensPerSecond", "0"))).BuildServiceProvider();
        var catalog = services.GetRequiredService<ModelCatalog>();
        var factory = services.GetRequiredService<IModelClientFactory>();

        Assert.Equal(new ModelId("sim", "default"), catalog.DefaultModelId);
        Assert.Equal(["sim"], catalog.Providers.Where(p => p.IsConfigured).Select(p => p.Name));
        Assert.Equal([new ModelId("sim", "default"), new ModelId("sim", "fast")], catalog.SimulatorModels);

        using var client = factory.Create(catalog.DefaultModelId);
        var response = await client.GetResponseAsync(Chat.User("hello"), cancellationToken: Ct);
        Assert.StartsWith("You said: \"hello\".", response.Text);
        Assert.IsType<SimulatorChatClient>(client.GetService<SimulatorChatClient>());
    }

    [Fact]
    public void First_configured_provider_gives_the_default_model()
    {
        Assert.Equal("openai/gpt-4o-mini", Catalog(("OPENAI_API_KEY", "k"), ("ANTHROPIC_API_KEY", "k")).DefaultModelId.ToString());
        Assert.Equal("anthropic/claude-sonnet-4-5", Catalog(("Models:Anthropic:ApiKey", "k")).DefaultModelId.ToString());
        Assert.Equal("ollama/llama3.2", Catalog(("OLLAMA_ENDPOINT", "http://127.0.0.1:11434")).DefaultModelId.ToString());
        Assert.Equal("openai/my-model", Catalog(("OPENAI_BASE_URL", "http://127.0.0.1:9/v1"), ("Models:DefaultModel", "openai/my-model")).DefaultModelId.ToString());
        Assert.Equal("sim/default", Catalog(("OPENAI_API_KEY", "  ")).DefaultModelId.ToString());

        static ModelCatalog Catalog(params (string, string)[] values) => new(ModelsOptions.FromConfiguration(Configuration(values)));
    }

    [Theory]
    [InlineData("openai/gpt-4o", "OPENAI_API_KEY")]
    [InlineData("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY")]
    public void Missing_key_is_a_configuration_error(string modelId, string setting)
    {
        using var factory = new ModelClientFactory(ModelsOptions.FromConfiguration(Configuration()));

        var exception = Assert.Throws<ModelConfigurationException>(() => factory.Create(modelId));

        Assert.Contains(setting, exception.Message);
        Assert.False(ModelErrorClassifier.Classify(exception).IsTransient);
    }

    [Fact]
    public void Configured_providers_give_their_clients()
    {
        using var factory = new ModelClientFactory(ModelsOptions.FromConfiguration(Configuration(
            ("Models:OpenAI:ApiKey", "k"), ("ANTHROPIC_API_KEY", "k"))));

        using var openai = factory.Create("openai/gpt-4o");
        using var anthropic = factory.Create("anthropic/claude-sonnet-4-5");
        using var ollama = factory.Create("ollama/llama3.2");

        Assert.Equal("openai", openai.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Equal("gpt-4o", openai.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("claude-sonnet-4-5", anthropic.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("llama3.2", ollama.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.All([openai, anthropic, ollama], client => Assert.IsType<RetryingChatClient>(client));
    }

    [Fact]
    public void Invalid_model_id_is_a_configuration_error()
    {
        using var factory = new ModelClientFactory(ModelsOptions.FromConfiguration(Configuration()));

        Assert.Throws<ModelConfigurationException>(() => factory.Create("gpt-4o"));
        Assert.Throws<ModelConfigurationException>(() => factory.Create(default(ModelId)));
    }

    [Theory]
    [InlineData("Models:MaxRetries", "-1")]
    [InlineData("Models:Simulator:TokensPerSecond", "fast")]
    [InlineData("OPENAI_BASE_URL", "not a url")]
    [InlineData("Models:DefaultModel", "gpt-4o")]
    public void Invalid_settings_fail_at_start_up(string key, string value)
    {
        var exception = Assert.Throws<ModelConfigurationException>(() => new ServiceCollection().AddEverrunsModels(Configuration((key, value))));

        Assert.Contains(value, exception.Message);
    }
}
