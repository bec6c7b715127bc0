namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>What an outbox item asks Slack to do.</summary>
public enum OutboxOperation
{
    /// <summary>chat.postMessage; the ts is remembered under the item's key.</summary>
    Post,

    /// <summary>chat.update of the message posted under the key (waits for its ts).</summary>
    Update,

    /// <summary>chat.postMessage in the thread of the message posted under the key.</summary>
    Reply,
}
