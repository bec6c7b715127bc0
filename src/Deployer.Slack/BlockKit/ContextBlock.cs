namespace Deployer.Slack.BlockKit;

/// <summary>Small grey text elements, at most 10.</summary>
public sealed class ContextBlock : Block
{
    /// <summary>Most elements Slack accepts in one context block.</summary>
    public const int MaxElements = 10;

    public ContextBlock(IEnumerable<TextObject> elements, string? blockId = null)
        : base(blockId)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Elements = elements.Take(MaxElements).Select(e => e.Truncate(SectionBlock.MaxTextLength)).ToArray();
        if (Elements.Count == 0)
        {
            throw new ArgumentException("A context block needs at least one element.", nameof(elements));
        }
    }

    /// <summary>Convenience for a single mrkdwn element.</summary>
    public ContextBlock(string markdown, string? blockId = null)
        : this([TextObject.Markdown(markdown)], blockId)
    {
    }

    /// <summary>The text elements.</summary>
    public IReadOnlyList<TextObject> Elements { get; }
}
