namespace Deployer.Bot.Dashboard.Views;

/// <summary>One check's result: outcome, reason, how long it took and when it clears by itself.</summary>
public sealed record CheckView(string Check, string Outcome, string Reason, bool Blocks, TimeSpan? Duration, DateTimeOffset? ClearsAt);
