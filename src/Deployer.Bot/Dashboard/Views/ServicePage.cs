namespace Deployer.Bot.Dashboard.Views;

/// <summary>One pipeline in full: the board row, the configured checks, force requests, a commit timeline and the audit log.</summary>
public sealed record ServicePage(
    PageChrome Chrome,
    BoardRow Row,
    IReadOnlyList<ConfiguredCheck> Configured,
    IReadOnlyList<ForceView> ForceRequests,
    CommitTimeline Timeline,
    IReadOnlyList<AuditView> Audit);
