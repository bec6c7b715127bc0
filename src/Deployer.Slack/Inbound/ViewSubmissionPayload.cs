namespace Deployer.Slack.Inbound;

/// <summary>A <c>view_submission</c> interaction: a user pressed a modal's submit button.</summary>
public sealed record ViewSubmissionPayload
{
    /// <summary>The user who submitted.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's handle, informational only.</summary>
    public string? UserName { get; init; }

    /// <summary>The workspace id.</summary>
    public string? TeamId { get; init; }

    /// <summary>The view's id (<c>V…</c>).</summary>
    public required string ViewId { get; init; }

    /// <summary>The view's <c>callback_id</c>: which form this is.</summary>
    public required string CallbackId { get; init; }

    /// <summary>The view's <c>private_metadata</c>, as opened.</summary>
    public string? PrivateMetadata { get; init; }

    /// <summary>Short-lived id for opening or pushing another view.</summary>
    public string? TriggerId { get; init; }

    /// <summary>The app id.</summary>
    public string? ApiAppId { get; init; }

    /// <summary><c>view.state.values</c>: block_id → action_id → value.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, ViewStateValue>> Values { get; init; }

    /// <summary>The text entered or the option value chosen in a field; null when absent or left empty.</summary>
    public string? Get(string blockId, string actionId) =>
        Values.TryGetValue(blockId, out var actions) && actions.TryGetValue(actionId, out var value) ? value.Text : null;
}
