namespace Everruns.Api.Http;

/// <summary>Finds the known field a mistyped or misremembered field name most likely meant.</summary>
public static class FieldSuggestions
{
    /// <summary>
    /// The closest candidate, or null when none is close: the same name written another way (<c>defaultModelId</c>),
    /// a name that contains it as a word (<c>model</c> → <c>default_model_id</c>), or one a typo or two away.
    /// </summary>
    public static string? Closest(string unknown, IEnumerable<string> candidates)
    {
        var wanted = Normalize(unknown);
        var words = unknown.ToLowerInvariant().Split('_', '-', '.');
        return candidates
            .Select(candidate => (Candidate: candidate, Score: Score(wanted, words, candidate)))
            .Where(c => c.Score is not null)
            .OrderBy(c => c.Score)
            .ThenBy(c => c.Candidate.Length)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    private static int? Score(string wanted, string[] words, string candidate)
    {
        var leaf = candidate[(candidate.LastIndexOf('.') + 1)..];
        var nested = leaf.Length != candidate.Length ? 1 : 0;
        var normalized = Normalize(leaf);
        if (normalized == wanted)
        {
            return 0 + nested;
        }

        var distance = Distance(wanted, normalized);
        if (wanted.Length >= 4 && distance <= Math.Max(1, wanted.Length / 4))
        {
            return 2 + distance + nested;
        }

        var candidateWords = leaf.Split('_');
        return words.All(w => w.Length >= 3 && candidateWords.Contains(w)) ? 10 + nested : null;
    }

    private static string Normalize(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
