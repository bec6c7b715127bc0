namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>When Slack last accepted an outbox call, and the last transient failure.</summary>
public sealed record DeliveryStatus(DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError);
