namespace Deployer.Core.Events;

/// <summary>
/// A pair has been blocked by the same failing check on the same upstream commit for longer than
/// <c>Engine:BlockedMentionAfter</c>: its owners are mentioned in the decision message's thread. Queued once per
/// (pair, commit, check) together with the record that it was, so neither a later cycle nor a restart repeats it.
/// </summary>
public sealed record BlockedTooLong : DeployerEvent
{
    public required string ServiceName { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }

    /// <summary>The upstream commit the pair waits to promote (full sha; the decision message is keyed by it).</summary>
    public required string Commit { get; init; }

    /// <summary>The check that kept failing (<c>alerts</c>, <c>integration-tests</c>, …).</summary>
    public required string Check { get; init; }

    /// <summary>Its reason at the time of the mention.</summary>
    public required string Reason { get; init; }

    /// <summary>Since when (as far as the engine knows) the check has blocked this commit.</summary>
    public required DateTimeOffset Since { get; init; }

    public string PairKey => Decisions.PairDecision.KeyFor(ServiceName, From, To);

    public string PairLabel => $"{From}→{To}";

    public string ShortCommit => Commit[..Math.Min(7, Commit.Length)];

    /// <summary>The once-only key: pair, commit and check, lower-cased.</summary>
    public string NoticeKey => $"{PairKey}|{Commit}|{Check}".ToLowerInvariant();

    public override string Service => ServiceName;
}
