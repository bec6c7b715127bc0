namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Where the message posted under a key lives; <see cref="Ts"/> is null while its post is still queued.</summary>
public sealed class OutboxMessageRef
{
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public string? Ts { get; set; }
}
