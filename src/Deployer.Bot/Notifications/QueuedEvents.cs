using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Bot.Notifications;

/// <summary>Core's <see cref="IEventQueue"/>: the event goes into the durable notification queue, then is published (delivered, told to listeners).</summary>
internal sealed class QueuedEvents(INotificationQueue queue, IEventPublisher publisher) : IEventQueue
{
    public Task EnqueueAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        queue.Enqueue(deployerEvent);
        return publisher.PublishAsync(deployerEvent, cancellationToken);
    }
}
