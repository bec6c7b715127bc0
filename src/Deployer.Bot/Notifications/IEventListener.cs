using Deployer.Core.Events;

namespace Deployer.Bot.Notifications;

/// <summary>
/// Observes events in this process as they are published (metrics, the dashboard's live updates, the hold cache).
/// Not durable and not for telling people: that goes through the queue and a <see cref="INotificationChannel"/>.
/// </summary>
public interface IEventListener
{
    void OnEvent(DeployerEvent deployerEvent);
}
