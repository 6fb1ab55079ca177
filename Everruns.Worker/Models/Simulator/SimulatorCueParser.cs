using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Everruns.Worker.Models;

/// <summary>
/// Finds simulator cues in a user message (see SIMULATOR.md). Anything that is not a well-formed cue
/// stays in the text, so a malformed cue is visible in the echoed answer rather than silently acted upon.
/// </summary>
internal static partial class SimulatorCueParser
{
    private const int MaxLongTokens = 100_000;
    private const int MaxDelayMs = 600_000;

    [GeneratedRegex(@"\G\[(?<name>long|delay|error|fail-mid-stream)(?::(?<args>[a-z0-9:]*))?\]")]
    private static partial Regex SimpleCue();

    [GeneratedRegex(@"\G\[tool:(?<name>[A-Za-z_][A-Za-z0-9_.\-]{0,63})")]
    private static partial Regex ToolCueStart();

    public static SimulatorCues Parse(string message)
    {
        var text = new StringBuilder(message.Length);
        var toolCalls = new List<ToolCallCue>();
        int? longTokens = null, delayMs = null;
        ErrorCue? error = null;
        FailMidStreamCue? failMidStream = null;

        var position = 0;
        while (position < message.Length)
        {
            if (message[position] == '[')
            {
                if (TryParseTool(message, position, out var tool, out var toolEnd))
                {
                    toolCalls.Add(tool);
                    position = toolEnd;
                    continue;
                }

                var match = SimpleCue().Match(message, position);
                if (match.Success && TryApply(match.Groups["name"].Value, match.Groups["args"].Value, ref longTokens, ref delayMs, ref error, ref failMidStream))
                {
                    position += match.Length;
                    continue;
                }
            }

            text.Append(message[position]);
            position++;
        }

        return new SimulatorCues(text.ToString(), toolCalls, longTokens, delayMs, error, failMidStream);
    }

    private static bool TryApply(
        string name, string args, ref int? longTokens, ref int? delayMs, ref ErrorCue? error, ref FailMidStreamCue? failMidStream)
    {
        var parts = args.Length == 0 ? [] : args.Split(':');
        switch (name)
        {
            case "long" when parts.Length == 1 && TryInt(parts[0], 1, MaxLongTokens, out var tokens):
                longTokens ??= tokens;
                return true;
            case "delay" when parts.Length == 1 && TryInt(parts[0], 0, MaxDelayMs, out var ms):
                delayMs ??= ms;
                return true;
            case "error" when TryParseError(parts, out var parsed):
                error ??= parsed;
                return true;
            case "fail-mid-stream" when TryParseFailMidStream(parts, out var parsed):
                failMidStream ??= parsed;
                return true;
            default:
                return false;
        }
    }

    private static bool TryParseError(string[] parts, out ErrorCue cue)
    {
        cue = null!;
        var once = parts.Length > 0 && parts[^1] == "once";
        var values = once ? parts[..^1] : parts;
        if (values.Length is < 1 or > 2 || !TryInt(values[0], 400, 599, out var status))
        {
            return false;
        }

        int? retryAfter = null;
        if (values.Length == 2)
        {
            if (!TryInt(values[1], 0, 3600, out var seconds))
            {
                return false;
            }

            retryAfter = seconds;
        }

        cue = new ErrorCue(status, retryAfter, once);
        return true;
    }

    private static bool TryParseFailMidStream(string[] parts, out FailMidStreamCue cue)
    {
        cue = null!;
        var once = parts.Length > 0 && parts[^1] == "once";
        var values = once ? parts[..^1] : parts;
        if (values.Length > 1)
        {
            return false;
        }

        int? after = null;
        if (values.Length == 1)
        {
            if (!TryInt(values[0], 0, MaxLongTokens, out var tokens))
            {
                return false;
            }

            after = tokens;
        }

        cue = new FailMidStreamCue(after, once);
        return true;
    }

    private static bool TryParseTool(string message, int start, out ToolCallCue cue, out int end)
    {
        cue = null!;
        end = start;
        var match = ToolCueStart().Match(message, start);
        if (!match.Success)
        {
            return false;
        }

        var position = SkipSpaces(message, start + match.Length);
        var argumentsJson = "{}";
        if (position < message.Length && message[position] == '{')
        {
            var objectEnd = FindObjectEnd(message, position);
            if (objectEnd < 0)
            {
                return false;
            }

            argumentsJson = message[position..(objectEnd + 1)];
            position = SkipSpaces(message, objectEnd + 1);
        }

        if (position >= message.Length || message[position] != ']' || !TryParseArguments(argumentsJson, out var arguments))
        {
            return false;
        }

        cue = new ToolCallCue(match.Groups["name"].Value, arguments, argumentsJson);
        end = position + 1;
        return true;
    }

    private static bool TryParseArguments(string json, out IDictionary<string, object?> arguments)
    {
        arguments = null!;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Index of the brace closing the JSON object that opens at <paramref name="start"/>, braces inside strings ignored.</summary>
    private static int FindObjectEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static bool TryInt(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;
}
