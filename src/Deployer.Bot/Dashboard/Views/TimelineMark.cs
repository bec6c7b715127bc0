namespace Deployer.Bot.Dashboard.Views;

/// <summary>A commit reached a stage at a moment.</summary>
public sealed record TimelineMark(int Stage, DateTimeOffset At);
