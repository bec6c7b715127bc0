namespace Deployer.Core.Audit;

/// <summary>
/// An audit kind's name on the wire (<c>GET /api/audit</c>, <c>history</c>): the enum name for the kinds that always had
/// it, kebab-case for the kinds issue 15 named that way (<c>verification-failed</c>, <c>verified</c>, <c>rollback-requested</c>, <c>rolled-back</c>, <c>rollback-failed</c>).
/// </summary>
public static class AuditKindNames
{
    public static string Of(AuditKind kind) => kind switch
    {
        AuditKind.VerificationFailed => "verification-failed",
        AuditKind.Verified => "verified",
        AuditKind.VerificationSuperseded => "verification-superseded",
        AuditKind.RollbackRequested => "rollback-requested",
        AuditKind.RolledBack => "rolled-back",
        AuditKind.RollbackFailed => "rollback-failed",
        AuditKind.VerificationKept => "verification-kept",
        _ => kind.ToString(),
    };
}
