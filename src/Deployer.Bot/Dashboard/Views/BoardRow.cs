namespace Deployer.Bot.Dashboard.Views;

/// <summary>One pipeline: its stages in order, the pair between each two, its holds and open force requests.</summary>
public sealed record BoardRow(
    string Service,
    string? Repository,
    RowState State,
    IReadOnlyList<StageCell> Stages,
    IReadOnlyList<PairView> Pairs,
    IReadOnlyList<HoldView> Holds,
    IReadOnlyList<ForceView> ForceRequests)
{
    /// <summary>The element id of the row (services are restricted to [a-z0-9-] by the manifest schema, but ids never trust that).</summary>
    public string DomId => DomIds.For("row", Service);
}

/// <summary>A stage and each of its targets as last read.</summary>
public sealed record StageCell(string Name, IReadOnlyList<TargetView> Targets);

/// <summary>A target's release (null when none or unreadable: see <see cref="Error"/>).</summary>
public sealed record TargetView(string Target, long? Version, string? Commit, string? ShortCommit, string? CommitUrl, DateTimeOffset? CreatedAt, string? Age, string? Status, string? Error);

/// <summary>An active hold, in words.</summary>
public sealed record HoldView(string Scope, string By, string Reason, DateTimeOffset? Until);

/// <summary>An open (or, on the service page, recent) force-promote request with its approvals.</summary>
public sealed record ForceView(
    string Id, string Pair, string ShortCommit, string RequestedBy, string Reason, string Status, DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt, int RequiredApprovals, IReadOnlyList<ApprovalView> Approvals, bool BreakGlass, string? Note);

/// <summary>One approval of a force request.</summary>
public sealed record ApprovalView(string By, DateTimeOffset At);

/// <summary>The row's overall state, for the "only pipelines that are not in sync" filter and the counts.</summary>
public enum RowState
{
    InSync,
    Pending,
    Blocked,
    Held,
    NotEvaluated,
}
