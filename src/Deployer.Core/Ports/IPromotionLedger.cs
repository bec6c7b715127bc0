using Deployer.Core.Audit;
using Deployer.Core.Events;
using Deployer.Core.Promotions;

namespace Deployer.Core.Ports;

/// <summary>Durable record of promotions: intent before the platform call, outcome after.</summary>
public interface IPromotionLedger
{
    /// <summary>Records the intent; returns false (and records nothing) when the pair already has an open intent.</summary>
    Task<bool> TryBeginAsync(PromotionIntent intent, CancellationToken cancellationToken) => TryBeginAsync(intent, null, cancellationToken);

    /// <summary>
    /// Records the intent and appends <paramref name="audit"/> (when given) to the audit log, in one transaction: both are
    /// kept or neither. Returns false (and records nothing) when the pair already has an open intent.
    /// </summary>
    Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, CancellationToken cancellationToken) =>
        TryBeginAsync(intent, audit, null, cancellationToken);

    /// <summary>
    /// As above, and queues <paramref name="announcement"/> (when given) for the people channel in the same transaction
    /// (a rollback's start: no other store queues it), so a crash keeps the three together or none of them.
    /// </summary>
    Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken);

    Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken);

    Task CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, null, cancellationToken);

    /// <summary>
    /// Completes an open intent and appends <paramref name="audit"/> (when given) to the audit log, in one transaction: both
    /// are kept or neither. An intent completes once: false (and nothing written) when it was already completed.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no intent <paramref name="intentId"/>.</exception>
    Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, audit, null, cancellationToken);

    /// <summary>As above, and queues <paramref name="announcement"/> (when given) in the same transaction.</summary>
    Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken);

    Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Open intents whose process is gone, to be settled by reconciliation, oldest first. A store used by one process
    /// (reconciled once at start) returns every open intent; a store shared by several nodes leaves out the intents of
    /// nodes still alive, whose platform calls may still be running.
    /// </summary>
    Task<IReadOnlyList<PromotionIntent>> GetOrphanedAsync(CancellationToken cancellationToken) => GetOpenAsync(cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken);
}
