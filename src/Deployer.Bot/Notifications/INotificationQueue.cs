using Deployer.Core.Events;

namespace Deployer.Bot.Notifications;

/// <summary>
/// The durable queue of events to tell people about. Stores write their events into it inside their own transaction
/// (LiteDB: <c>LiteDbNotificationQueue.Append</c>; PostgreSQL: <c>PostgreSqlNotificationQueue.Append</c>); this port is
/// for reading it and for events that change no state.
/// </summary>
internal interface INotificationQueue
{
    /// <summary>Events a channel takes per transaction: a cold cycle queues one per changed decision.</summary>
    const int BatchSize = 64;

    /// <summary>Events waiting to be told.</summary>
    int Depth { get; }

    /// <summary>Queues an event that goes with no state change (e.g. a refused manifest edit).</summary>
    void Enqueue(DeployerEvent deployerEvent);

    /// <summary>
    /// Hands the oldest events (up to <paramref name="max"/>, oldest first) to <paramref name="deliver"/> and removes
    /// them in the same transaction (a throwing <paramref name="deliver"/> keeps them all queued). False when the queue
    /// is empty.
    /// </summary>
    bool TakeOldest(Action<DeployerEvent> deliver, int max = 1);
}
