namespace Deployer.Bot.Dashboard.Views;

/// <summary>One pipeline in full: the board row, the configured checks, force requests, a commit timeline and the audit log.</summary>
public sealed record ServicePage(
    PageChrome Chrome,
    BoardRow Row,
    IReadOnlyList<ConfiguredCheck> Configured,
    IReadOnlyList<ForceView> ForceRequests,
    CommitTimeline Timeline,
    IReadOnlyList<AuditView> Audit);

/// <summary>A check the manifest configures: where it applies and its parameters in words.</summary>
public sealed record ConfiguredCheck(string Check, string Scope, string Settings, bool Shadow);

/// <summary>One audit entry.</summary>
public sealed record AuditView(DateTimeOffset At, string Kind, string Actor, string? Pair, string? Commit, string Summary);
