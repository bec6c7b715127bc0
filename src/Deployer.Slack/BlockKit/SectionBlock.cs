namespace Deployer.Slack.BlockKit;

/// <summary>A text section, optionally with up to 10 two-column fields and a button accessory.</summary>
public sealed class SectionBlock : Block
{
    /// <summary>Longest section text Slack accepts.</summary>
    public const int MaxTextLength = 3000;

    /// <summary>Longest field text Slack accepts.</summary>
    public const int MaxFieldLength = 2000;

    /// <summary>Most fields Slack accepts in one section.</summary>
    public const int MaxFields = 10;

    public SectionBlock(TextObject? text = null, IEnumerable<TextObject>? fields = null, ButtonElement? accessory = null, string? blockId = null)
        : base(blockId)
    {
        Text = text?.Truncate(MaxTextLength);
        var capped = fields?.Take(MaxFields).Select(f => f.Truncate(MaxFieldLength)).ToArray();
        Fields = capped is { Length: > 0 } ? capped : null;
        if (Text is null && Fields is null)
        {
            throw new ArgumentException("A section needs text or at least one field.", nameof(text));
        }

        Accessory = accessory;
    }

    /// <summary>Convenience for a mrkdwn section.</summary>
    public SectionBlock(string markdown, string? blockId = null)
        : this(TextObject.Markdown(markdown), blockId: blockId)
    {
    }

    /// <summary>The main text, at most 3000 characters.</summary>
    public TextObject? Text { get; }

    /// <summary>At most 10 fields of at most 2000 characters.</summary>
    public IReadOnlyList<TextObject>? Fields { get; }

    /// <summary>An optional button shown beside the text.</summary>
    public ButtonElement? Accessory { get; }
}
