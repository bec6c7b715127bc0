namespace Deployer.Slack.Inbound;

/// <summary>One field of a submitted view's <c>state.values</c>: a text input's <c>value</c> or a select's <c>selected_option.value</c>.</summary>
public sealed record ViewStateValue(string? Type, string? Value, string? SelectedOptionValue)
{
    /// <summary>What the user entered or chose; null when left empty.</summary>
    public string? Text => Value ?? SelectedOptionValue;
}
