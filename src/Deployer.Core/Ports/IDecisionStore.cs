using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;

namespace Deployer.Core.Ports;

/// <summary>The last decision per pair, so only changes are announced.</summary>
public interface IDecisionStore
{
    Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="change"/>'s current decision and queues the change for announcement, in one transaction:
    /// either both are kept or neither.
    /// </summary>
    Task SaveAsync(DecisionChanged change, CancellationToken cancellationToken) => SaveAsync(change, null, cancellationToken);

    /// <summary>As above, and appends <paramref name="audit"/> (when given) to the audit log in the same transaction.</summary>
    Task SaveAsync(DecisionChanged change, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="decision"/> and queues nothing: its announcement was queued with the ledger's completion of
    /// the promotion it ends, in that transaction (so a crash between the two loses no announcement).
    /// </summary>
    Task KeepAsync(PairDecision decision, CancellationToken cancellationToken) => KeepAsync(decision, null, cancellationToken);

    /// <summary>As above, and appends <paramref name="audit"/> (when given) to the audit log in the same transaction.</summary>
    Task KeepAsync(PairDecision decision, AuditEntry? audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken);
}
