using Deployer.Core.Ports;

namespace Deployer.Core.Decisions;

/// <summary>
/// What a pending diff would ship: the commits between the downstream commit <see cref="From"/> and the upstream commit
/// <see cref="To"/> (newest first, at most <see cref="MaxListed"/>), how many there are in all, where to see them, and
/// the upstream commit's CI check runs. Carried in the decision's announcement, so rendering never calls out.
/// </summary>
public sealed record ChangeList
{
    /// <summary>How many commits a message lists before "and N more".</summary>
    public const int MaxListed = 10;

    public required string From { get; init; }
    public required string To { get; init; }
    public string? CompareUrl { get; init; }
    public IReadOnlyList<CommitSummary> Commits { get; init; } = [];

    /// <summary>How many commits the range holds (the source's count, which may exceed what it listed).</summary>
    public int TotalCommits { get; init; }

    /// <summary>The upstream commit's check runs; empty when none were read.</summary>
    public IReadOnlyList<CheckRunSummary> CheckRuns { get; init; } = [];

    /// <summary>The commits to list (newest first, at most <see cref="MaxListed"/>).</summary>
    public IReadOnlyList<CommitSummary> Listed => Commits.Count <= MaxListed ? Commits : [.. Commits.Take(MaxListed)];

    /// <summary>Commits in the range that are not listed.</summary>
    public int More => Math.Max(0, TotalCommits - Listed.Count);

    /// <summary>The range as read from a source: commits newest first, the total kept as the source counted it.</summary>
    public static ChangeList Of(string from, string to, CommitRange range, IReadOnlyList<CheckRunSummary>? checkRuns = null)
    {
        ArgumentNullException.ThrowIfNull(range);
        return new ChangeList
        {
            From = from,
            To = to,
            CompareUrl = range.CompareUrl,
            Commits = [.. range.Commits.Take(MaxListed)],
            TotalCommits = Math.Max(range.TotalCommits ?? range.Commits.Count, range.Commits.Count),
            CheckRuns = checkRuns ?? [],
        };
    }

    public static string ShortSha(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
