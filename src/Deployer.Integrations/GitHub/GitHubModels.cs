namespace Deployer.Integrations.GitHub;

// Wire shapes of the GitHub REST API (only the fields we read).

internal sealed record GitHubComparison
{
    public required string Status { get; init; }
    public string? HtmlUrl { get; init; }
    public int? TotalCommits { get; init; }
    public List<GitHubCommit>? Commits { get; init; }
}

internal sealed record GitHubCommit
{
    public required string Sha { get; init; }
    public required GitHubCommitDetail Commit { get; init; }
}

internal sealed record GitHubCommitDetail(string? Message, GitHubCommitAuthor? Author);

internal sealed record GitHubCommitAuthor(string? Name);

internal sealed record GitHubCheckRuns
{
    public required List<GitHubCheckRun> CheckRuns { get; init; }
}

internal sealed record GitHubCheckRun
{
    public string? Name { get; init; }
    public required string Status { get; init; }
    public string? Conclusion { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? HtmlUrl { get; init; }
}

internal sealed record GitHubCombinedStatus
{
    public required List<GitHubStatus> Statuses { get; init; }
}

internal sealed record GitHubStatus
{
    public required string Context { get; init; }
    public required string State { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? TargetUrl { get; init; }
}
