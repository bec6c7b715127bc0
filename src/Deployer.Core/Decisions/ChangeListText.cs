namespace Deployer.Core.Decisions;

/// <summary>The plain-text change list of a pending diff, for the console and other plain channels.</summary>
public static class ChangeListText
{
    /// <summary>e.g. <c>3 commits: 4f2a1c0 Fix checkout rounding (ana), 9d8e7f6 Bump deps (bo), … and 1 more · compare https://… · checks: ci success, lint failure</c>.</summary>
    public static string Plain(ChangeList changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var count = changes.TotalCommits == 1 ? "1 commit" : $"{changes.TotalCommits} commits";
        var listed = string.Join(", ", changes.Listed.Select(c =>
            $"{ChangeList.ShortSha(c.Sha)} {Cut(c.Title.ReplaceLineEndings(" "))}" + (c.Author is { Length: > 0 } a ? $" ({a})" : "")));
        var text = changes.Listed.Count == 0 ? count : $"{count}: {listed}";
        if (changes.More > 0)
        {
            text += $" and {changes.More} more";
        }

        if (changes.CompareUrl is { Length: > 0 } url)
        {
            text += $" · compare {url}";
        }

        if (changes.CheckRuns.Count > 0)
        {
            text += " · checks: " + string.Join(", ", changes.CheckRuns.Select(r => $"{r.Name} {r.Outcome}"));
        }

        return text;
    }

    private static string Cut(string text) => text.Length <= 100 ? text : text[..99] + "…";
}
