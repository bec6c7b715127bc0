namespace Deployer.Bot.Dashboard.Views;

/// <summary>
/// One pipeline in full: the board row, the configured checks, force requests, each stage's verification after its last
/// promotion (and the commits rejected there), a commit timeline and the audit log.
/// </summary>
public sealed record ServicePage(
    PageChrome Chrome,
    BoardRow Row,
    IReadOnlyList<ConfiguredCheck> Configured,
    IReadOnlyList<ForceView> ForceRequests,
    CommitTimeline Timeline,
    IReadOnlyList<AuditView> Audit)
{
    /// <summary>The stored verification of each stage that has one, in pipeline order.</summary>
    public IReadOnlyList<Deployer.Core.Verification.StageVerification> Verifications { get; init; } = [];
}
