namespace Deployer.Bot.Dashboard.Views;

/// <summary>A target's release (null when none or unreadable: see <see cref="Error"/>).</summary>
public sealed record TargetView(string Target, long? Version, string? Commit, string? ShortCommit, string? CommitUrl, DateTimeOffset? CreatedAt, string? Age, string? Status, string? Error);
