namespace Deployer.Slack.BlockKit;

/// <summary>A Block Kit text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
public sealed class TextObject
{
    private TextObject(string type, string text)
    {
        Type = type;
        Text = text;
    }

    /// <summary><c>plain_text</c> or <c>mrkdwn</c>.</summary>
    public string Type { get; }

    /// <summary>The text itself.</summary>
    public string Text { get; }

    /// <summary>True when the text is <c>plain_text</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPlain => Type == "plain_text";

    /// <summary>Plain text (no formatting).</summary>
    public static TextObject Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextObject("plain_text", text);
    }

    /// <summary>Slack mrkdwn text.</summary>
    public static TextObject Markdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextObject("mrkdwn", text);
    }

    internal TextObject Truncate(int max) => Text.Length <= max ? this : new TextObject(Type, SlackText.Truncate(Text, max));

    internal TextObject AsPlain() => IsPlain ? this : Plain(Text);
}
