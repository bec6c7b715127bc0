using System.Text.Json;

namespace Deployer.Testing;

/// <summary>One <c>views.open</c> call the fake Slack received: the trigger, the view as sent, the id answered (null when refused) and why it was refused.</summary>
public sealed record OpenedView(string? TriggerId, JsonElement View, string? ViewId, string? Problem)
{
    /// <summary>True when the fake accepted the view (it answered ok:true).</summary>
    public bool Accepted => ViewId is not null;

    /// <summary>The view's callback_id as sent.</summary>
    public string? CallbackId => View.ValueKind == JsonValueKind.Object && View.TryGetProperty("callback_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    /// <summary>The view's private_metadata as sent.</summary>
    public string? PrivateMetadata => View.ValueKind == JsonValueKind.Object && View.TryGetProperty("private_metadata", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}
