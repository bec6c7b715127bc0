using System.Text.Json.Serialization;

namespace Deployer.Slack.BlockKit;

/// <summary>A layout block of a message; serialized with its Slack <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(InputBlock), "input")]
public abstract class Block
{
    /// <summary>Longest <c>block_id</c> Slack accepts.</summary>
    public const int MaxBlockIdLength = 255;

    private protected Block(string? blockId)
    {
        BlockId = SlackText.RequireId(blockId, nameof(blockId), MaxBlockIdLength);
    }

    /// <summary>Optional identifier echoed back in interaction payloads.</summary>
    public string? BlockId { get; }
}
