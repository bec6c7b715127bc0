using Deployer.Core.Ports;

namespace Deployer.Core.Engine;

/// <summary>
/// Where the engine keeps what must outlive a cycle, and who it tells about changes. Without <paramref name="Verifications"/> nothing is verified after a promotion; without
/// <paramref name="Rollback"/> a failed verification with <c>onFailure: rollback</c> only holds; without <paramref name="BlockedNotices"/> a "blocked too long" mention is made once per process, not once ever.
/// </summary>
public sealed record EngineState(
    IHoldStore Holds,
    IPromotionLedger Ledger,
    IDecisionStore Decisions,
    IAuditLog Audit,
    IEventPublisher Events,
    IVerificationStore? Verifications = null,
    IStageRollback? Rollback = null,
    IBlockedNoticeStore? BlockedNotices = null);
