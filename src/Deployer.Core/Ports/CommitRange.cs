namespace Deployer.Core.Ports;

/// <summary>The commits a promotion would ship, and where to see them.</summary>
public sealed record CommitRange(string? CompareUrl, IReadOnlyList<CommitSummary> Commits);
