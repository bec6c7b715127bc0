namespace Deployer.Bot.Dashboard.Views;

/// <summary>An active hold, in words.</summary>
public sealed record HoldView(string Scope, string By, string Reason, DateTimeOffset? Until);
