using Deployer.Core.Ports;

namespace Deployer.Core.Engine;

/// <summary>Where the engine keeps what must outlive a cycle, and who it tells about changes (<paramref name="Queue"/>: events no store queues, e.g. rollbacks).</summary>
public sealed record EngineState(
    IHoldStore Holds,
    IPromotionLedger Ledger,
    IDecisionStore Decisions,
    IAuditLog Audit,
    IEventPublisher Events,
    IEventQueue? Queue = null);
