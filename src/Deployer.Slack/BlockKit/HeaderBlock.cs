namespace Deployer.Slack.BlockKit;

/// <summary>A large bold plain-text heading.</summary>
public sealed class HeaderBlock : Block
{
    /// <summary>Longest header text Slack accepts.</summary>
    public const int MaxTextLength = 150;

    public HeaderBlock(string text, string? blockId = null)
        : base(blockId)
    {
        Text = TextObject.Plain(text).Truncate(MaxTextLength);
    }

    /// <summary>The heading, always <c>plain_text</c>.</summary>
    public TextObject Text { get; }
}
