namespace Deployer.Slack.BlockKit;

/// <summary>A message body: a required plain-text fallback (notifications, screen readers) and up to 50 blocks.</summary>
public sealed class SlackMessage
{
    /// <summary>Most blocks Slack accepts in one message.</summary>
    public const int MaxBlocks = 50;

    /// <summary>Slack truncates longer top-level text itself; we cut it first so the ending is an ellipsis.</summary>
    public const int MaxTextLength = 40_000;

    public SlackMessage(string text, IEnumerable<Block>? blocks = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = SlackText.Truncate(text, MaxTextLength);
        var capped = blocks?.Take(MaxBlocks).ToArray();
        Blocks = capped is { Length: > 0 } ? capped : null;
    }

    /// <summary>The fallback text, always sent.</summary>
    public string Text { get; }

    /// <summary>The blocks, or null for a text-only message.</summary>
    public IReadOnlyList<Block>? Blocks { get; }

    /// <summary>Metadata sent with a post (<c>chat.postMessage</c>), or null.</summary>
    public WebApi.SlackMessageMetadata? Metadata { get; init; }
}
