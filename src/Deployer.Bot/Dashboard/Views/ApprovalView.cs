namespace Deployer.Bot.Dashboard.Views;

/// <summary>One approval of a force request.</summary>
public sealed record ApprovalView(string By, DateTimeOffset At);
