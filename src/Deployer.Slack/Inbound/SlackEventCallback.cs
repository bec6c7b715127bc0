using System.Text.Json;

namespace Deployer.Slack.Inbound;

/// <summary>An Events API <c>event_callback</c> envelope; <see cref="Event"/> holds the inner event as JSON.</summary>
public sealed record SlackEventCallback
{
    /// <summary>Unique per event; the same across Slack's retries.</summary>
    public required string EventId { get; init; }

    /// <summary>The inner event's type, e.g. <c>app_mention</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The inner event.</summary>
    public required JsonElement Event { get; init; }

    /// <summary>The workspace id.</summary>
    public string? TeamId { get; init; }

    /// <summary>The app id.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>When the event happened (Unix seconds).</summary>
    public long? EventTime { get; init; }

    /// <summary>0 for a first delivery; Slack's retry number otherwise.</summary>
    public int RetryNum { get; init; }

    /// <summary>Why Slack retried, e.g. <c>http_timeout</c>.</summary>
    public string? RetryReason { get; init; }
}
