namespace Deployer.Core.Verification;

/// <summary>A commit that failed verification in a stage: never promoted into it again automatically.</summary>
/// <param name="Reason">The failing check and its reason, e.g. <c>alert router is up: firing</c>.</param>
public sealed record RejectedCommit(string Commit, string Reason, DateTimeOffset At)
{
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;
}
