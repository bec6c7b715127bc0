using Deployer.Core.Events;

namespace Deployer.Core.Ports;

/// <summary>
/// Told after a state change and its event were stored together (the store queued the event in the same transaction):
/// delivers what is queued and tells in-process observers (metrics, the dashboard). Never throws for a failing
/// observer; a failed delivery stays queued.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken);
}
