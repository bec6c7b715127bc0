namespace Deployer.Bot.Dashboard.Views;

/// <summary>One audit entry.</summary>
public sealed record AuditView(DateTimeOffset At, string Kind, string Actor, string? Pair, string? Commit, string Summary);
