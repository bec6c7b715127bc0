namespace Deployer.Core.Commands;

/// <summary>"Did you mean": the known word closest to a mistyped one, by prefix or by edit distance.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate <paramref name="word"/> most likely meant: one it is a prefix of (<c>prod</c> → <c>production</c>),
    /// else the nearest by Damerau-Levenshtein distance within a third of its length (at least 1, at most 3); null if none.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        var list = candidates.Where(c => !c.Equals(word, StringComparison.OrdinalIgnoreCase)).ToList();
        var lower = word.ToLowerInvariant();
        if (lower.Length >= 2 && list.Where(c => c.StartsWith(lower, StringComparison.OrdinalIgnoreCase)).ToList() is [var only])
        {
            return only;
        }

        var limit = Math.Clamp(lower.Length / 3, 1, 3);
        return list
            .Select(c => (Candidate: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
