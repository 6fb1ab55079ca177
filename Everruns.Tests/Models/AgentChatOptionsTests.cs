using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Xunit;

namespace Everruns.Tests.Models;

public sealed class AgentChatOptionsTests
{
    [Fact]
    public void Definition_becomes_chat_options_and_a_system_message()
    {
        var definition = new AgentDefinition
        {
            SystemPrompt = "Be brief.",
            Temperature = 0.25,
            MaxTokens = 300,
            Tools =
            [
                new ToolDefinition
                {
                    Name = "get_weather",
                    Description = "Weather for a city",
                    Parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement,
                },
                new ToolDefinition { Name = "ping" },
            ],
        };

        var options = AgentChatOptions.From(definition);
        var messages = AgentChatOptions.WithSystemPrompt(definition, Chat.User("hi"));

        Assert.Equal(0.25f, options.Temperature);
        Assert.Equal(300, options.MaxOutputTokens);
        var tools = options.Tools!.OfType<AIFunctionDeclaration>().ToList();
        Assert.Equal(["get_weather", "ping"], tools.Select(t => t.Name));
        Assert.Equal("string", tools[0].JsonSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("object", tools[1].JsonSchema.GetProperty("type").GetString());
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
    }

    [Fact]
    public void Empty_definition_sets_nothing()
    {
        var options = AgentChatOptions.From(new AgentDefinition());

        Assert.Null(options.Temperature);
        Assert.Null(options.MaxOutputTokens);
        Assert.Null(options.Tools);
        Assert.Single(AgentChatOptions.WithSystemPrompt(new AgentDefinition(), Chat.User("hi")));
    }
}
