namespace Deployer.Slack.BlockKit;

/// <summary>An interactive button.</summary>
public sealed class ButtonElement
{
    /// <summary>Longest button label Slack accepts.</summary>
    public const int MaxTextLength = 75;

    /// <summary>Longest button value Slack accepts.</summary>
    public const int MaxValueLength = 2000;

    /// <summary>Longest <c>action_id</c> Slack accepts.</summary>
    public const int MaxActionIdLength = 255;

    /// <summary>Longest URL Slack accepts.</summary>
    public const int MaxUrlLength = 3000;

    public ButtonElement(string text, string actionId, string? value = null, ButtonStyle? style = null, ConfirmDialog? confirm = null, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        Text = TextObject.Plain(text).Truncate(MaxTextLength);
        ActionId = SlackText.RequireId(actionId, nameof(actionId), MaxActionIdLength)!;
        Value = SlackText.TruncateOrNull(value, MaxValueLength);
        Style = style;
        Confirm = confirm;
        if (url is { Length: > MaxUrlLength })
        {
            throw new ArgumentException($"A button URL must be at most {MaxUrlLength} characters.", nameof(url));
        }

        Url = url;
    }

    /// <summary>Always <c>button</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Serialized as the Block Kit \"type\" field; a static property would not be written")]
    public string Type => "button";

    /// <summary>The label, <c>plain_text</c>, at most 75 characters.</summary>
    public TextObject Text { get; }

    /// <summary>Identifies the action in the interaction payload.</summary>
    public string ActionId { get; }

    /// <summary>Data echoed back in the interaction payload, at most 2000 characters.</summary>
    public string? Value { get; }

    /// <summary>Primary (green) or danger (red); default grey when null.</summary>
    public ButtonStyle? Style { get; }

    /// <summary>An optional "are you sure?" dialog.</summary>
    public ConfirmDialog? Confirm { get; }

    /// <summary>An optional link opened by the button.</summary>
    public string? Url { get; }
}
