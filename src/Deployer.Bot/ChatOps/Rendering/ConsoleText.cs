using System.Text;
using System.Text.RegularExpressions;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>Renders a Block Kit message as plain console text: no Slack markup (bold, italics, code quotes, dates, mentions).</summary>
internal static partial class ConsoleText
{
    public static string Render(SlackMessage message)
    {
        if (message.Blocks is not { } blocks)
        {
            return Plain(message.Text);
        }

        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeaderBlock h:
                    text.AppendLine(Plain(h.Text.Text));
                    break;
                case SectionBlock s:
                    if (s.Text is { } t)
                    {
                        text.AppendLine(Plain(t.Text));
                    }

                    foreach (var f in s.Fields ?? [])
                    {
                        text.AppendLine(Plain(f.Text));
                    }

                    break;
                case ContextBlock c:
                    text.AppendLine("  " + string.Join(" ", c.Elements.Select(e => Plain(e.Text))));
                    break;
                case ActionsBlock a:
                    text.AppendLine("  " + string.Join("  ", a.Elements.Select(e => $"[{e.Text.Text}: {e.Text.Text.ToLowerInvariant()} {e.Value}]")));
                    break;
            }
        }

        return text.ToString().TrimEnd();
    }

    public static string Plain(string mrkdwn)
    {
        var text = SlackDate().Replace(mrkdwn, "$1");
        text = Mention().Replace(text, "@$1");
        text = Italic().Replace(text, "$1").Replace("`", "", StringComparison.Ordinal);
        return text.Replace("*", "", StringComparison.Ordinal).Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<!date\^[^|>]*\|([^>]*)>")]
    private static partial Regex SlackDate();

    // Slack's _italic_: underscores at word edges only, so snake_case names keep theirs.
    [GeneratedRegex(@"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])")]
    private static partial Regex Italic();

    [GeneratedRegex(@"<@([A-Z0-9]+)>")]
    private static partial Regex Mention();
}
