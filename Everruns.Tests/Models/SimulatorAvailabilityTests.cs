using System.Net;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Models;
using Microsoft.Extensions.Configuration;

namespace Everruns.Tests.Models;

/// <summary>
/// The simulator is offered when no provider is configured (so that everything runs without network), or when
/// <c>Models:Simulator:Enabled</c> is true; next to a real provider it is off by default.
/// </summary>
public sealed class SimulatorAvailabilityTests(ApiFixture api)
{
    private static ModelsOptions Options(params (string Key, string Value)[] values) =>
        ModelsOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void The_simulator_is_on_without_providers_and_off_next_to_one_unless_enabled()
    {
        Assert.True(new ModelCatalog(Options()).IsConfigured("sim"));
        Assert.False(new ModelCatalog(Options(("OPENAI_API_KEY", "k"))).IsConfigured("sim"));
        Assert.False(new ModelCatalog(Options(("OLLAMA_ENDPOINT", "http://127.0.0.1:11434"))).IsConfigured("sim"));
        Assert.True(new ModelCatalog(Options(("OPENAI_API_KEY", "k"), ("Models:Simulator:Enabled", "true"))).IsConfigured("sim"));
        Assert.False(new ModelCatalog(Options(("Models:Simulator:Enabled", "false"), ("ANTHROPIC_API_KEY", "k"))).IsConfigured("sim"));
    }

    [Fact]
    public void A_run_of_a_simulator_agent_fails_with_a_configuration_error_when_the_simulator_is_off()
    {
        using var factory = new ModelClientFactory(Options(("OPENAI_API_KEY", "k")));

        var refused = Assert.Throws<ModelConfigurationException>(() => factory.Create("sim/default"));

        Assert.Contains("Models__Simulator__Enabled", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_the_simulator_off_without_another_provider_fails_at_start_up()
    {
        var refused = Assert.Throws<ModelConfigurationException>(() => new ModelCatalog(Options(("Models:Simulator:Enabled", "false"))));

        Assert.Contains("Models__Simulator__Enabled", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_to_a_real_provider_simulator_agents_are_refused_with_400()
    {
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_sim_off", new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "not-used-no-network",
            ["AgentRunner:MaxConcurrentRuns"] = "0",
        });

        var refused = await own.Client.PostAsync("/v1/agents", Json.Body(new { name = "simulated", default_model_id = "sim/default" }));
        var problem = await Problem.AssertAsync(refused, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["default_model_id"]);
        Assert.Contains("Models__Simulator__Enabled", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var agent = await own.Client.PostJsonAsync("/v1/agents", new { name = "real" }, HttpStatusCode.Created);
        Assert.Equal("openai/gpt-4o-mini", agent["default_model_id"]!.GetValue<string>());
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/agents/{agent.Id()}") { Content = Json.Body(new { default_model_id = "sim/fast" }) };
        await Problem.AssertAsync(await own.Client.SendAsync(patch), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Next_to_a_real_provider_the_simulator_can_be_enabled()
    {
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_sim_on", new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "not-used-no-network",
            ["Models:Simulator:Enabled"] = "true",
            ["AgentRunner:MaxConcurrentRuns"] = "0",
        });

        await own.Client.PostJsonAsync("/v1/agents", new { name = "simulated", default_model_id = "sim/default" }, HttpStatusCode.Created);
    }
}
