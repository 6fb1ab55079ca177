using System.Text.Json;
using System.Text.RegularExpressions;
using Everruns.Data.Agents;
using Everruns.Worker.Models;
using Everruns.Worker.Tools;

namespace Everruns.Api.Contracts;

public static partial class AgentValidation
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxSystemPromptLength = 100_000;
    public const int MaxTools = 64;

    /// <param name="allowStdioMcp">Whether MCP server entries may name a local program (Tools:AllowStdioMcp).</param>
    public static Dictionary<string, string[]> Validate(
        string? name, string? description, string? modelId, AgentDefinition? definition, ModelCatalog models, bool allowStdioMcp)
    {
        var errors = new Dictionary<string, string[]>();
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
        {
            errors["name"] = [$"name must be 1 to {MaxNameLength} characters and not blank."];
        }

        if (description is not null && description.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        if (modelId is not null)
        {
            if (!ModelId.TryParse(modelId, out var model))
            {
                errors["default_model_id"] =
                    [$"default_model_id must be 'provider/model' with provider one of {string.Join(", ", ModelId.Providers)}."];
            }
            else if (model.Provider == SimulatorChatClient.ProviderName && !models.SimulatorEnabled)
            {
                errors["default_model_id"] = [$"default_model_id cannot be '{modelId}': {ModelCatalog.SimulatorOff}"];
            }
        }

        if (definition is not null)
        {
            ValidateDefinition(definition, errors, allowStdioMcp);
        }

        return errors;
    }

    private static void ValidateDefinition(AgentDefinition definition, Dictionary<string, string[]> errors, bool allowStdioMcp)
    {
        if (definition.SystemPrompt is { Length: > MaxSystemPromptLength })
        {
            errors["definition.system_prompt"] = [$"system_prompt must be at most {MaxSystemPromptLength} characters."];
        }

        if (definition.Temperature is < 0 or > 2)
        {
            errors["definition.temperature"] = ["temperature must be between 0 and 2."];
        }

        if (definition.MaxTokens is < 1 or > 1_000_000)
        {
            errors["definition.max_tokens"] = ["max_tokens must be between 1 and 1000000."];
        }

        if (definition.Tools.Count > MaxTools)
        {
            errors["definition.tools"] = [$"An agent has at most {MaxTools} tools."];
        }

        CompletionWebhookValidation.Validate(definition.CompletionWebhook, "definition.completion_webhook", errors);
        if (definition.Budget?.MaxTokensPerRun is < 1)
        {
            errors["definition.budget.max_tokens_per_run"] = ["max_tokens_per_run must be a positive number of tokens, or left out."];
        }

        if (definition.Budget?.MaxTokensPerDay is < 1)
        {
            errors["definition.budget.max_tokens_per_day"] = ["max_tokens_per_day must be a positive number of tokens, or left out."];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Tools.Count; i++)
        {
            var tool = definition.Tools[i];
            var field = $"definition.tools[{i}]";
            if (!ToolName().IsMatch(tool.Name))
            {
                errors[$"{field}.name"] = ["A tool name is 1 to 64 letters, digits, '_' or '-'."];
            }
            else if (!seen.Add(tool.Name))
            {
                errors[$"{field}.name"] = [$"Tool name '{tool.Name}' is used twice."];
            }
            else if (McpToolNames.EntryOf(definition.Tools, tool.Name) is { } server && tool.Type != ToolType.Mcp)
            {
                errors[$"{field}.name"] = [$"Tool names starting with '{McpToolNames.Prefix(server.Name)}' are those of the MCP server '{server.Name}'."];
            }

            if (tool.Type == ToolType.Mcp)
            {
                McpEntryValidation.Validate(tool, field, errors, allowStdioMcp);
            }

            if (tool.Type == ToolType.Builtin && !BuiltinTools.Names.Contains(tool.Name))
            {
                errors[$"{field}.name"] = [$"There is no built-in tool '{tool.Name}'; built-ins are {string.Join(", ", BuiltinTools.Names)}."];
            }

            if (tool.Type == ToolType.Frontend)
            {
                errors[$"{field}.type"] = ["type must be webhook, builtin or mcp; frontend tools come from AG-UI clients."];
            }

            if (tool.Type == ToolType.Webhook
                && (!Uri.TryCreate(tool.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                errors[$"{field}.url"] = ["A webhook tool needs an absolute http or https url."];
            }

            if (tool.Parameters is { ValueKind: not JsonValueKind.Object })
            {
                errors[$"{field}.parameters"] = ["parameters must be a JSON schema object."];
            }

            if (tool.TimeoutSecs is < 1 or > WebhookToolInvoker.MaxTimeoutSecs)
            {
                errors[$"{field}.timeout_secs"] = [$"timeout_secs must be between 1 and {WebhookToolInvoker.MaxTimeoutSecs}."];
            }

            if (tool.MaxRetries is < 0 or > WebhookToolInvoker.MaxRetriesLimit)
            {
                errors[$"{field}.max_retries"] = [$"max_retries must be between 0 and {WebhookToolInvoker.MaxRetriesLimit}."];
            }

            foreach (var (name, value) in tool.Headers ?? new Dictionary<string, string>())
            {
                if (WebhookHeaders.Problem(name, value) is { } problem)
                {
                    errors[$"{field}.headers.{name}"] = [problem];
                }
            }
        }
    }

    /// <summary>Built-in tools get the catalog's description and parameters where the definition gives none.</summary>
    public static AgentDefinition? WithToolDefaults(AgentDefinition? definition) =>
        definition is null ? null : definition with { Tools = [.. definition.Tools.Select(BuiltinTools.WithCatalogDefaults)] };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
