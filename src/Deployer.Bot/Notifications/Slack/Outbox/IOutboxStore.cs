using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Events;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>
/// The durable outbox: queued Slack calls and the ts of every message posted under a key (LiteDB for one instance,
/// PostgreSQL for several). Enqueueing decides post-or-update and folds superseded updates together.
/// </summary>
internal interface IOutboxStore
{
    /// <summary>Items waiting to be sent (dead ones excluded), for metrics.</summary>
    int Depth { get; }

    /// <summary>When the oldest message still waiting was queued (null: nothing waits); for the <c>slack</c> health component.</summary>
    DateTimeOffset? OldestPendingAt();

    /// <summary>
    /// Takes the oldest event from the notification queue, renders it and queues its calls, in the one transaction that
    /// removes the event; false when no event is queued. Nodes sharing the store take events one at a time, in order.
    /// </summary>
    bool ExpandOldest(Func<DeployerEvent, IReadOnlyList<SlackCall>> render);

    /// <summary>Posts under <paramref name="key"/> the first time, updates that message afterwards.</summary>
    void Upsert(string channel, string key, string body);

    void Reply(string channel, string parentKey, string body);

    void Post(string channel, string body);

    /// <summary>
    /// Every item this node may send, oldest first (a later item must not overtake an earlier one). Where
    /// several nodes share the store, the items are claimed for this node until <see cref="ReleaseClaims"/>.
    /// </summary>
    IReadOnlyList<OutboxItem> Pending();

    /// <summary>Gives back what <see cref="Pending"/> claimed and this pass did not send.</summary>
    void ReleaseClaims();

    OutboxMessageRef? Ref(string key);

    /// <summary>
    /// Records, durably and before the call, that a post or reply of <paramref name="item"/> is being handed to Slack, so
    /// whoever sends it next (this node after a failure, another after a crash) first looks for it in the channel.
    /// </summary>
    void Attempting(OutboxItem item);

    void Sent(OutboxItem item, string? channel, string? ts);

    /// <summary>Slack refused for good. A failed post forgets its key, so a later update tries a fresh post.</summary>
    void Dead(OutboxItem item, string error);

    /// <summary>An update or reply whose message is gone is sent as a new post under the same key.</summary>
    void ConvertToPost(OutboxItem item);
}
