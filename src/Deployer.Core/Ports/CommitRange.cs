namespace Deployer.Core.Ports;

/// <summary>The commits a promotion would ship, and where to see them.</summary>
public sealed record CommitRange(string? CompareUrl, IReadOnlyList<CommitSummary> Commits)
{
    /// <summary>How many commits the range holds in all (the source's own count); null: just <see cref="Commits"/>.</summary>
    public int? TotalCommits { get; init; }
}
