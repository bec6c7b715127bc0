namespace Deployer.Core.Promotions;

/// <summary>What one target ran before a promotion changed it: the release a rollback returns it to.</summary>
public sealed record PreviousRelease(string Target, string ReleaseId, string Commit, long Version)
{
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;
}
