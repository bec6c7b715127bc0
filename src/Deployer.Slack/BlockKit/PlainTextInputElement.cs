using System.Text.Json.Serialization;

namespace Deployer.Slack.BlockKit;

/// <summary>A free-text field (<c>plain_text_input</c>), one line or several.</summary>
public sealed class PlainTextInputElement : InputElement
{
    /// <summary>Largest <c>max_length</c> Slack accepts.</summary>
    public const int MaxLengthLimit = 3000;

    public PlainTextInputElement(string actionId, bool multiline = false, string? placeholder = null, string? initialValue = null, int? maxLength = null)
        : base(actionId, placeholder)
    {
        if (maxLength is < 1 or > MaxLengthLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"max_length must be 1 to {MaxLengthLimit}.");
        }

        // The initial value is the user's data once submitted: cutting it would change what they send, so refuse.
        if (initialValue is not null && initialValue.Length > (maxLength ?? MaxLengthLimit))
        {
            throw new ArgumentException($"initial_value must be at most {maxLength ?? MaxLengthLimit} characters (was {initialValue.Length}).", nameof(initialValue));
        }

        Multiline = multiline;
        InitialValue = initialValue;
        MaxLength = maxLength;
    }

    /// <summary>A multi-line text area when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Multiline { get; }

    /// <summary>The text already in the field.</summary>
    public string? InitialValue { get; }

    /// <summary>Most characters the user may type (Slack enforces it in the client), at most 3000.</summary>
    public int? MaxLength { get; }
}
