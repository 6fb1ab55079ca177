namespace Everruns.Worker.Models;

/// <summary>
/// Splits text into word pieces the way the simulator streams it: a word with its leading whitespace,
/// long words cut into pieces of at most <see cref="MaxPieceLength"/> characters. The pieces concatenate
/// back to the exact text.
/// </summary>
internal static class SimulatorTokenizer
{
    public const int MaxPieceLength = 6;

    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            var wordStart = position;
            while (position < text.Length && !char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (wordStart == position)
            {
                // Trailing whitespace belongs to the last piece.
                if (tokens.Count > 0)
                {
                    tokens[^1] += text[start..position];
                }
                else
                {
                    tokens.Add(text[start..position]);
                }

                continue;
            }

            var pieceStart = start;
            var cut = wordStart;
            while (cut < position)
            {
                var next = Math.Min(cut + MaxPieceLength, position);
                if (next < position && char.IsHighSurrogate(text[next - 1]))
                {
                    next++;
                }

                tokens.Add(text[pieceStart..next]);
                pieceStart = cut = next;
            }
        }

        return tokens;
    }

    /// <summary>Rough prompt size: whitespace-separated words.</summary>
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
