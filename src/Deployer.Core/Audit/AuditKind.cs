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

    // Rollback (issue 15): rollback-requested, rolled-back, rollback-failed; verification-kept is the Keep button.
    RollbackRequested,
    RolledBack,
    RollbackFailed,
    VerificationKept,

    // Verification (issue 15): verification-failed, verified, verification-superseded.
    VerificationFailed,
    Verified,
    VerificationSuperseded,
}
