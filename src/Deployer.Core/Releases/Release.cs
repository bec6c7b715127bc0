namespace Deployer.Core.Releases;

/// <summary>What runs on a target now.</summary>
public sealed record Release
{
    public string Id { get; init; } = "";
    public long Version { get; init; }
    public required string Commit { get; init; }
    public string? Branch { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public ReleaseStatus Status { get; init; } = ReleaseStatus.Succeeded;
    public string? Description { get; init; }

    /// <summary>The first seven characters of the commit, for people.</summary>
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;

    /// <summary>Two releases run the same code when their commits agree (prefix match tolerates short shas).</summary>
    public bool SameCommitAs(Release other) => CommitsMatch(Commit, other.Commit);

    public static bool CommitsMatch(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        if (a.Length == b.Length)
        {
            return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        }

        var n = Math.Min(a.Length, b.Length);
        return n >= 7 && string.Compare(a, 0, b, 0, n, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
