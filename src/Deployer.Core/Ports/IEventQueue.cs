using Deployer.Core.Events;

namespace Deployer.Core.Ports;

/// <summary>
/// Queues an event whose state change no store queues itself (a rollback's start and end, recorded in the promotion
/// ledger), durably, then publishes it. The event is queued right after its state is written, not in the same
/// transaction; a crash in between loses only that announcement, never the state (reconciliation announces its end).
/// </summary>
public interface IEventQueue
{
    Task EnqueueAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken);
}
