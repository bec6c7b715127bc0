namespace Deployer.Slack.BlockKit;

/// <summary>A modal view (<c>views.open</c>): a title, 1 to 100 blocks, and the submit/close buttons.</summary>
public sealed class SlackView
{
    /// <summary>Longest title, submit or close label Slack accepts.</summary>
    public const int MaxTitleLength = 24;

    /// <summary>Most blocks Slack accepts in one view.</summary>
    public const int MaxBlocks = 100;

    /// <summary>Longest <c>callback_id</c> Slack accepts.</summary>
    public const int MaxCallbackIdLength = 255;

    /// <summary>Longest <c>private_metadata</c> Slack accepts.</summary>
    public const int MaxPrivateMetadataLength = 3000;

    public SlackView(string title, IEnumerable<Block> blocks, string callbackId, string? privateMetadata = null, string? submit = null, string? close = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(callbackId);
        Title = TextObject.Plain(title).Truncate(MaxTitleLength);
        Blocks = blocks.ToArray();
        // Dropping blocks could drop a field the submission needs: refuse instead.
        if (Blocks.Count is 0 or > MaxBlocks)
        {
            throw new ArgumentException($"A modal needs 1 to {MaxBlocks} blocks (was {Blocks.Count}).", nameof(blocks));
        }

        var duplicate = Blocks.Where(b => b.BlockId is not null).GroupBy(b => b.BlockId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Block ids must be unique in a view; '{duplicate.Key}' appears {duplicate.Count()} times.", nameof(blocks));
        }

        CallbackId = SlackText.RequireId(callbackId, nameof(callbackId), MaxCallbackIdLength)!;
        if (privateMetadata is { Length: > MaxPrivateMetadataLength })
        {
            throw new ArgumentException($"private_metadata must be at most {MaxPrivateMetadataLength} characters (was {privateMetadata.Length}).", nameof(privateMetadata));
        }

        PrivateMetadata = privateMetadata;
        if (submit is null && Blocks.Any(b => b is InputBlock))
        {
            throw new ArgumentException("A modal with input blocks needs a submit label.", nameof(submit));
        }

        Submit = submit is null ? null : TextObject.Plain(submit).Truncate(MaxTitleLength);
        Close = close is null ? null : TextObject.Plain(close).Truncate(MaxTitleLength);
    }

    /// <summary>Always <c>modal</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Serialized as the view's \"type\" field; a static property would not be written")]
    public string Type => "modal";

    /// <summary>The title, <c>plain_text</c>, at most 24 characters.</summary>
    public TextObject Title { get; }

    /// <summary>The blocks, 1 to 100.</summary>
    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>Sent back with the submission; identifies which form this is.</summary>
    public string CallbackId { get; }

    /// <summary>Opaque data sent back with the submission, at most 3000 characters.</summary>
    public string? PrivateMetadata { get; }

    /// <summary>The submit button's label, <c>plain_text</c>, at most 24 characters; required when the view has inputs.</summary>
    public TextObject? Submit { get; }

    /// <summary>The close button's label, <c>plain_text</c>, at most 24 characters (Slack's default "Cancel" when null).</summary>
    public TextObject? Close { get; }
}
