using System.Text;

namespace Everruns.Worker.Models;

/// <summary>The texts the simulator answers with. All choices come from a seed, so the same conversation reads the same.</summary>
internal static class SimulatorReplies
{
    private const int EchoWords = 12;
    private const int ToolResultChars = 80;

    private static readonly string[] Sentences =
    [
        "This answer comes from the built-in model simulator.",
        "The simulator is deterministic, so the same conversation always gets the same reply.",
        "No network and no API key were needed to write it.",
        "Cues in your message can make it call tools, stream longer or fail on purpose.",
        "It streams word pieces at the configured rate.",
        "Token usage is counted roughly in words.",
    ];

    private static readonly string[] ShortWords =
    [
        "the", "agent", "keeps", "going", "with", "plain", "words", "until", "it", "has",
        "said", "enough", "for", "this", "test", "run", "and", "then", "stops", "here",
    ];

    public static List<string> Echo(string userText, int seed)
    {
        var words = userText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var echo = words.Length == 0
            ? "You sent only simulator cues."
            : $"You said: \"{string.Join(' ', words.Take(EchoWords))}{(words.Length > EchoWords ? "…" : string.Empty)}\".";
        var first = seed % Sentences.Length;
        var second = (first + 1 + (seed / Sentences.Length % (Sentences.Length - 1))) % Sentences.Length;
        return SimulatorTokenizer.Split($"{echo} {Sentences[first]} {Sentences[second]}");
    }

    /// <summary>Exactly <paramref name="count"/> tokens of filler, one short word each.</summary>
    public static List<string> Long(int count, int seed)
    {
        var tokens = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var word = ShortWords[(seed + i) % ShortWords.Length];
            tokens.Add(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : " " + word);
        }

        tokens[^1] += ".";
        return tokens;
    }

    public static List<string> FromToolResults(IReadOnlyList<ToolResult> results)
    {
        var text = new StringBuilder("I have the tool results: ");
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i].Text.ReplaceLineEndings(" ");
            if (result.Length > ToolResultChars)
            {
                result = result[..ToolResultChars] + "…";
            }

            text.Append(i == 0 ? string.Empty : "; ").Append(results[i].ToolName).Append(" returned ").Append(result);
        }

        text.Append(". That completes the request.");
        return SimulatorTokenizer.Split(text.ToString());
    }
}
