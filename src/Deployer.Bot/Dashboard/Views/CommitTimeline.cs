namespace Deployer.Bot.Dashboard.Views;

/// <summary>When each commit reached each stage: commits on the y axis (newest on top), time on x, one mark per stage reached.</summary>
public sealed record CommitTimeline(IReadOnlyList<string> Stages, IReadOnlyList<TimelineCommit> Commits, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool IsEmpty => Commits.Count == 0;
}
