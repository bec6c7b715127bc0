namespace Deployer.Bot.Dashboard.Views;

/// <summary>A stage and each of its targets as last read.</summary>
public sealed record StageCell(string Name, IReadOnlyList<TargetView> Targets);
