namespace Deployer.Core.Audit;

/// <summary>What an audit entry records.</summary>
public enum AuditKind
{
    Decision,
    PromotionStarted,
    PromotionSucceeded,
    PromotionFailed,
    PromotionReconciled,
    Hold,
    Resume,
    HoldExpired,
    ForceRequested,
    ForceApproved,
    ForceRejected,
    ForceExpired,
    BreakGlass,
    Command,
    Refusal,
    VerificationFailed,
    Verified,
    VerificationSuperseded,
}
