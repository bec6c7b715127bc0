namespace Deployer.Bot.Dashboard.Views;

/// <summary>When each commit reached each stage: commits on the y axis (newest on top), time on x, one mark per stage reached.</summary>
public sealed record CommitTimeline(IReadOnlyList<string> Stages, IReadOnlyList<TimelineCommit> Commits, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool IsEmpty => Commits.Count == 0;
}

/// <summary>One commit and the moments it reached stages (stage index into <see cref="CommitTimeline.Stages"/>).</summary>
public sealed record TimelineCommit(string ShortCommit, string? Url, IReadOnlyList<TimelineMark> Marks);

/// <summary>A commit reached a stage at a moment.</summary>
public sealed record TimelineMark(int Stage, DateTimeOffset At);
