namespace Deployer.Slack.BlockKit;

/// <summary>A row of interactive buttons, at most 25.</summary>
public sealed class ActionsBlock : Block
{
    /// <summary>Most elements Slack accepts in one actions block.</summary>
    public const int MaxElements = 25;

    public ActionsBlock(IEnumerable<ButtonElement> elements, string? blockId = null)
        : base(blockId)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Elements = elements.Take(MaxElements).ToArray();
        if (Elements.Count == 0)
        {
            throw new ArgumentException("An actions block needs at least one element.", nameof(elements));
        }
    }

    /// <summary>The buttons.</summary>
    public IReadOnlyList<ButtonElement> Elements { get; }
}
