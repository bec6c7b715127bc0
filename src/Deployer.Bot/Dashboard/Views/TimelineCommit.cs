namespace Deployer.Bot.Dashboard.Views;

/// <summary>One commit and the moments it reached stages (stage index into <see cref="CommitTimeline.Stages"/>).</summary>
public sealed record TimelineCommit(string ShortCommit, string? Url, IReadOnlyList<TimelineMark> Marks);
