namespace Deployer.Testing;

/// <summary>One field of a submitted view's <c>state.values</c>, for <see cref="SlackInteractionBodies.ViewSubmission"/>.</summary>
public sealed record SlackViewField(string BlockId, string ActionId, string Type, string? Value)
{
    /// <summary>A <c>plain_text_input</c>: <c>{"type":"plain_text_input","value":…}</c> (value null when left empty).</summary>
    public static SlackViewField Text(string blockId, string actionId, string? value) => new(blockId, actionId, "plain_text_input", value);

    /// <summary>A <c>static_select</c>: <c>{"type":"static_select","selected_option":{…,"value":…}}</c> (null: nothing chosen).</summary>
    public static SlackViewField Selected(string blockId, string actionId, string? value) => new(blockId, actionId, "static_select", value);
}
