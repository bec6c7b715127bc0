namespace Deployer.Slack.BlockKit;

/// <summary>An option object of a select menu: a label shown and the value sent back.</summary>
public sealed class SelectOption
{
    /// <summary>Longest option label Slack accepts.</summary>
    public const int MaxTextLength = 75;

    /// <summary>Longest option value Slack accepts.</summary>
    public const int MaxValueLength = 150;

    public SelectOption(string text, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Text = TextObject.Plain(text).Truncate(MaxTextLength);
        // The value is data the app matches on: a cut value would come back as something else.
        Value = SlackText.RequireId(value, nameof(value), MaxValueLength)!;
    }

    /// <summary>The label, <c>plain_text</c>, at most 75 characters.</summary>
    public TextObject Text { get; }

    /// <summary>Sent back as <c>selected_option.value</c>, 1 to 150 characters.</summary>
    public string Value { get; }
}
