using System.Text.Json.Serialization;

namespace Deployer.Slack.BlockKit;

/// <summary>An element of an <see cref="InputBlock"/>; serialized with its Slack <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
public abstract class InputElement
{
    /// <summary>Longest <c>action_id</c> Slack accepts.</summary>
    public const int MaxActionIdLength = 255;

    /// <summary>Longest placeholder Slack accepts.</summary>
    public const int MaxPlaceholderLength = 150;

    private protected InputElement(string actionId, string? placeholder)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        ActionId = SlackText.RequireId(actionId, nameof(actionId), MaxActionIdLength)!;
        Placeholder = placeholder is null ? null : TextObject.Plain(placeholder).Truncate(MaxPlaceholderLength);
    }

    /// <summary>Identifies the value in <c>view.state.values[block_id]</c> of the submission.</summary>
    public string ActionId { get; }

    /// <summary>Grey text shown while empty, <c>plain_text</c>, at most 150 characters.</summary>
    public TextObject? Placeholder { get; }
}
