using System.Text.RegularExpressions;
using Everruns.Data.Agents;
using Everruns.Worker.Tools;

namespace Everruns.Api.Contracts;

/// <summary>The rules of an MCP server entry of an agent's tools (<c>"type": "mcp"</c>).</summary>
public static partial class McpEntryValidation
{
    public const int MaxAllowedTools = 256;
    public const int MaxArgs = 64;

    /// <summary>Headers the MCP transport sets itself.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID", "Accept", "Content-Type", "Content-Length", "Host",
        "Transfer-Encoding", "Connection",
    };

    public static void Validate(ToolDefinition tool, string field, Dictionary<string, string[]> errors, bool allowStdio)
    {
        if (!EntryName().IsMatch(tool.Name) || tool.Name.Length > McpToolNames.MaxEntryNameLength)
        {
            errors[$"{field}.name"] =
                [$"An MCP server's name is 1 to {McpToolNames.MaxEntryNameLength} letters, digits or '-', with single '_' between them: its tools are offered as '<name>__<tool>'."];
        }

        ValidateTransport(tool, field, errors, allowStdio);
        ValidateAllowList(tool, field, errors);

        foreach (var (name, unused) in new (string Name, bool Given)[]
        {
            ("parameters", tool.Parameters is not null), ("method", tool.Method is not null), ("max_retries", tool.MaxRetries is not null),
            ("secret", tool.Secret is not null),
        })
        {
            if (unused)
            {
                errors[$"{field}.{name}"] = [$"An MCP server takes no {name}: its tools and their parameters come from the server; put credentials in headers."];
            }
        }
    }

    private static void ValidateTransport(ToolDefinition tool, string field, Dictionary<string, string[]> errors, bool allowStdio)
    {
        if (tool.Url is not null && tool.Command is not null)
        {
            errors[$"{field}.command"] = ["An MCP server has a url (Streamable HTTP) or a command (stdio), not both."];
            return;
        }

        if (tool.Command is null)
        {
            if (!Uri.TryCreate(tool.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors[$"{field}.url"] = ["An MCP server needs an absolute http or https url (or, where allowed, a command)."];
            }

            if (tool.Args is not null || tool.Env is not null)
            {
                errors[$"{field}.{(tool.Args is not null ? "args" : "env")}"] = ["args and env belong to a stdio MCP server (with a command)."];
            }

            ValidateHeaders(tool, field, errors);
            return;
        }

        if (!allowStdio)
        {
            errors[$"{field}.command"] =
                ["Local (stdio) MCP servers are not allowed on this server: they run programs on its machine. The operator can allow them with Tools__AllowStdioMcp=true."];
            return;
        }

        if (string.IsNullOrWhiteSpace(tool.Command) || tool.Command.Length > 1000 || tool.Command.Any(char.IsControl))
        {
            errors[$"{field}.command"] = ["command is the program to start: 1 to 1000 characters, no control characters."];
        }

        if (tool.Headers is not null)
        {
            errors[$"{field}.headers"] = ["headers belong to an MCP server reached by url; a stdio server takes env."];
        }

        if (tool.Args is { Count: > MaxArgs } || tool.Args?.Any(arg => arg is null || arg.Contains('\0')) == true)
        {
            errors[$"{field}.args"] = [$"args are at most {MaxArgs} strings, without NUL characters."];
        }

        foreach (var (name, value) in tool.Env ?? new Dictionary<string, string>())
        {
            if (!EnvName().IsMatch(name) || value is null || value.Contains('\0'))
            {
                errors[$"{field}.env.{name}"] = ["An environment variable's name is letters, digits and '_' (not starting with a digit); its value is a string without NUL."];
            }
        }
    }

    private static void ValidateHeaders(ToolDefinition tool, string field, Dictionary<string, string[]> errors)
    {
        foreach (var (name, value) in tool.Headers ?? new Dictionary<string, string>())
        {
            if (name.Length is 0 or > 256 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                errors[$"{field}.headers"] = ["A header name is letters, digits and !#$%&'*+-.^_`|~."];
            }
            else if (ReservedHeaders.Contains(name))
            {
                errors[$"{field}.headers.{name}"] = [$"Header '{name}' is set by the MCP transport and cannot be given."];
            }
            else if (value is null || !value.All(c => c is '\t' or >= ' ' and <= '~'))
            {
                errors[$"{field}.headers.{name}"] = [$"The value of header '{name}' must be a string of printable ASCII characters, spaces and tabs."];
            }
        }
    }

    private static void ValidateAllowList(ToolDefinition tool, string field, Dictionary<string, string[]> errors)
    {
        if (tool.Tools is not { } allowList)
        {
            return;
        }

        if (allowList.Count > MaxAllowedTools || allowList.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > 200))
        {
            errors[$"{field}.tools"] = [$"tools is a list of at most {MaxAllowedTools} tool names of the server, each 1 to 200 characters."];
        }
        else if (allowList.Distinct(StringComparer.Ordinal).Count() != allowList.Count)
        {
            errors[$"{field}.tools"] = ["tools names a tool twice."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]+(_[A-Za-z0-9-]+)*$")]
    private static partial Regex EntryName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
