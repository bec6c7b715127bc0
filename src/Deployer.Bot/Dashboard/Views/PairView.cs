namespace Deployer.Bot.Dashboard.Views;

/// <summary>The last decision of one stage pair, ready to render.</summary>
public sealed record PairView(
    string From,
    string To,
    Badge Badge,
    string? ShortCommit,
    string? CommitUrl,
    DateTimeOffset? At,
    string? Detail,
    IReadOnlyList<string> TargetsToPromote,
    IReadOnlyList<CheckView> Checks,
    string? Command)
{
    /// <summary>Checks that stop the promotion (fail or unknown, not shadow).</summary>
    public IEnumerable<CheckView> Blocking => Checks.Where(c => c.Blocks);
}
