namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>One queued Slack call, stored in LiteDB until Slack accepted it.</summary>
public sealed class OutboxItem
{
    public long Id { get; set; }
    public string Channel { get; set; } = "";

    /// <summary>The message key (post/update) or the parent message's key (reply).</summary>
    public string Key { get; set; } = "";

    public OutboxOperation Operation { get; set; }

    /// <summary>The message as Slack JSON (text + blocks).</summary>
    public string Body { get; set; } = "";

    public long CreatedAtTicks { get; set; }

    /// <summary>
    /// How many times a post or reply of this item was handed to Slack (recorded before each call): above zero, an earlier
    /// attempt may have been posted without its answer reaching us, so the channel is searched before posting again.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>Why Slack refused a dead item. (Retry timing is the Slack client's pipeline's, not stored per item.)</summary>
    public string? LastError { get; set; }

    /// <summary>Slack refused it for good (e.g. channel_not_found); kept for inspection, never retried.</summary>
    public bool Dead { get; set; }
}
