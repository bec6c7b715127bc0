namespace Deployer.Slack.BlockKit;

/// <summary>A horizontal rule.</summary>
public sealed class DividerBlock : Block
{
    public DividerBlock(string? blockId = null)
        : base(blockId)
    {
    }
}
