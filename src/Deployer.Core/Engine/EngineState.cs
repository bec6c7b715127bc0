using Deployer.Core.Ports;

namespace Deployer.Core.Engine;

/// <summary>
/// Where the engine keeps what must outlive a cycle, and who it tells about changes (<paramref name="Queue"/>: events no
/// store queues, e.g. rollbacks). Without <paramref name="Verifications"/> nothing is verified after a promotion; without
/// <paramref name="Rollback"/> a failed verification with <c>onFailure: rollback</c> only holds.
/// </summary>
public sealed record EngineState(
    IHoldStore Holds,
    IPromotionLedger Ledger,
    IDecisionStore Decisions,
    IAuditLog Audit,
    IEventPublisher Events,
    IEventQueue? Queue = null,
    IVerificationStore? Verifications = null,
    IStageRollback? Rollback = null);
