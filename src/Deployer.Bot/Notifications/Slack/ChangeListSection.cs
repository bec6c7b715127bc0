using System.Text;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// The "what is in the change" section of a decision message: how many commits, a link to the compare view, the newest
/// ten (sha, first line, author) then "and N more", and the upstream commit's check runs. Always one section within
/// Slack's 3000 characters: long titles are cut, and commits that do not fit are counted in "and N more".
/// </summary>
internal static class ChangeListSection
{
    private const int MaxTitle = 150;
    private const int MaxAuthor = 50;
    private const int MaxUrl = 1000;
    private const int MaxCheckRuns = 20;
    private const int MaxChecksLine = 700;

    public static SectionBlock Render(ChangeList changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var head = Head(changes);
        var checks = Checks(changes);
        var lines = changes.Listed.Select(Line).ToList();
        var more = changes.More;
        string text;
        while ((text = Compose(head, lines, more, checks)).Length > SectionBlock.MaxTextLength && lines.Count > 0)
        {
            lines.RemoveAt(lines.Count - 1);
            more++;
        }

        return new SectionBlock(text);
    }

    private static string Head(ChangeList c)
    {
        var count = c.TotalCommits == 1 ? "*1 commit*" : $"*{c.TotalCommits} commits*";
        var range = $"{ChangeList.ShortSha(c.From)}...{ChangeList.ShortSha(c.To)}";
        return c.CompareUrl is { Length: > 0 and <= MaxUrl } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? $"{count} · <{Link(url)}|compare {range}>"
            : $"{count} · `{range}`";
    }

    private static string Line(Deployer.Core.Ports.CommitSummary commit)
    {
        var author = commit.Author is { Length: > 0 } a ? $" — {SlackFormat.Escape(Cut(a, MaxAuthor))}" : "";
        return $"• `{ChangeList.ShortSha(commit.Sha)}` {SlackFormat.Escape(Cut(OneLine(commit.Title), MaxTitle))}{author}";
    }

    private static string? Checks(ChangeList c)
    {
        if (c.CheckRuns.Count == 0)
        {
            return null;
        }

        var runs = c.CheckRuns.Take(MaxCheckRuns).Select(r =>
        {
            var icon = r.Passed ? "✅" : r.Completed ? "❌" : "⏳";
            return r.Passed ? $"{icon} {SlackFormat.Escape(Cut(r.Name, 60))}" : $"{icon} {SlackFormat.Escape(Cut(r.Name, 60))} ({SlackFormat.Escape(r.Outcome)})";
        });
        var line = "Checks: " + string.Join(" · ", runs) + (c.CheckRuns.Count > MaxCheckRuns ? $" · and {c.CheckRuns.Count - MaxCheckRuns} more" : "");
        return line.Length <= MaxChecksLine ? line : line[..(MaxChecksLine - 1)] + "…";
    }

    private static string Compose(string head, List<string> lines, int more, string? checks)
    {
        var text = new StringBuilder(head);
        foreach (var line in lines)
        {
            text.Append('\n').Append(line);
        }

        if (more > 0)
        {
            text.Append('\n').Append(System.Globalization.CultureInfo.InvariantCulture, $"_and {more} more_");
        }

        if (checks is not null)
        {
            text.Append('\n').Append(checks);
        }

        return text.ToString();
    }

    /// <summary>A URL inside <c>&lt;url|text&gt;</c>: Slack's control characters and the separator escaped.</summary>
    private static string Link(string url) => SlackFormat.Escape(url).Replace("|", "%7C", StringComparison.Ordinal);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
