using Deployer.Core.Events;
using Deployer.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications;

/// <summary>
/// Core's <see cref="IEventPublisher"/>: tells the in-process listeners, then delivers what the stores queued. A failing
/// listener is logged and never stops the others.
/// </summary>
internal sealed class EventPublisher(IEnumerable<IEventListener> listeners, EventDelivery delivery, ILogger<EventPublisher> logger) : IEventPublisher
{
    private readonly IEventListener[] _listeners = [.. listeners];

    public async Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnEvent(deployerEvent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Listener {Listener} failed for {Event}", listener.GetType().Name, deployerEvent.GetType().Name);
            }
        }

        await delivery.DrainAsync(cancellationToken);
    }
}
