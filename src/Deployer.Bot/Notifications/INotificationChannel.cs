namespace Deployer.Bot.Notifications;

/// <summary>
/// Where queued events are told to people: Slack (through its outbox) or the console. Exactly one per process, chosen
/// by the composition root from <c>Slack:Mode</c>.
/// </summary>
internal interface INotificationChannel
{
    /// <summary>
    /// Takes the oldest queued event, renders it for this channel and hands it on; the event leaves the queue in the
    /// same transaction. False when nothing is queued.
    /// </summary>
    Task<bool> DeliverOldestAsync(CancellationToken cancellationToken);
}
