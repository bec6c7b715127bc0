namespace Deployer.Bot.Dashboard.Views;

/// <summary>An open (or, on the service page, recent) force-promote request with its approvals.</summary>
public sealed record ForceView(
    string Id, string Pair, string ShortCommit, string RequestedBy, string Reason, string Status, DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt, int RequiredApprovals, IReadOnlyList<ApprovalView> Approvals, bool BreakGlass, string? Note);
