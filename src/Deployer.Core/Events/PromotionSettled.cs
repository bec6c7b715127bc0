using Deployer.Core.Promotions;

namespace Deployer.Core.Events;

/// <summary>
/// A promotion its node left open (a crash, a kill) was settled by reconciliation as succeeded or failed (resumed, or
/// confirmed against the targets). Queued with the settlement, so the promotion's thread says how it ended.
/// </summary>
public sealed record PromotionSettled : DeployerEvent
{
    public required string ServiceName { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Commit { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required PromotionOutcome Outcome { get; init; }
    public required string Message { get; init; }

    public string ShortCommit => Commit[..Math.Min(7, Commit.Length)];

    public override string Service => ServiceName;
}
