using System.Text.Json.Serialization;

namespace Deployer.Slack.BlockKit;

/// <summary>A labelled form field of a modal (<c>input</c>); its value comes back in <c>view.state.values[block_id][action_id]</c>.</summary>
public sealed class InputBlock : Block
{
    /// <summary>Longest label Slack accepts.</summary>
    public const int MaxLabelLength = 2000;

    /// <summary>Longest hint Slack accepts.</summary>
    public const int MaxHintLength = 2000;

    public InputBlock(string blockId, string label, InputElement element, bool optional = false, string? hint = null)
        : base(blockId ?? throw new ArgumentNullException(nameof(blockId)))
    {
        ArgumentNullException.ThrowIfNull(element);
        Label = TextObject.Plain(label).Truncate(MaxLabelLength);
        Element = element;
        Optional = optional;
        Hint = hint is null ? null : TextObject.Plain(hint).Truncate(MaxHintLength);
    }

    /// <summary>The field's label, <c>plain_text</c>, at most 2000 characters.</summary>
    public TextObject Label { get; }

    /// <summary>The field itself.</summary>
    public InputElement Element { get; }

    /// <summary>When true the modal submits with this field empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Optional { get; }

    /// <summary>Help text under the field, <c>plain_text</c>, at most 2000 characters.</summary>
    public TextObject? Hint { get; }
}
