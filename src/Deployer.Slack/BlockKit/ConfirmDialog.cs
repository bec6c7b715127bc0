namespace Deployer.Slack.BlockKit;

/// <summary>A confirmation dialog shown before a button's action is sent.</summary>
public sealed class ConfirmDialog
{
    /// <summary>Longest title Slack accepts.</summary>
    public const int MaxTitleLength = 100;

    /// <summary>Longest body text Slack accepts.</summary>
    public const int MaxTextLength = 300;

    /// <summary>Longest confirm or deny label Slack accepts.</summary>
    public const int MaxButtonLength = 30;

    public ConfirmDialog(string title, TextObject text, string confirm = "Confirm", string deny = "Cancel", ButtonStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Title = TextObject.Plain(title).Truncate(MaxTitleLength);
        Text = text.Truncate(MaxTextLength);
        Confirm = TextObject.Plain(confirm).Truncate(MaxButtonLength);
        Deny = TextObject.Plain(deny).Truncate(MaxButtonLength);
        Style = style;
    }

    /// <summary>Convenience for a mrkdwn body.</summary>
    public ConfirmDialog(string title, string text, string confirm = "Confirm", string deny = "Cancel", ButtonStyle? style = null)
        : this(title, TextObject.Markdown(text), confirm, deny, style)
    {
    }

    /// <summary>The dialog title, <c>plain_text</c>, at most 100 characters.</summary>
    public TextObject Title { get; }

    /// <summary>The question, at most 300 characters.</summary>
    public TextObject Text { get; }

    /// <summary>The confirm button label, at most 30 characters.</summary>
    public TextObject Confirm { get; }

    /// <summary>The deny button label, at most 30 characters.</summary>
    public TextObject Deny { get; }

    /// <summary>The confirm button's colour.</summary>
    public ButtonStyle? Style { get; }
}
