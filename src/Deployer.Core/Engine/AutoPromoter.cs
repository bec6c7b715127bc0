using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;

namespace Deployer.Core.Engine;

/// <summary>
/// Acts on a <c>Promote</c> decision of a cycle: not again for a commit whose promotion failed, not while an earlier
/// promotion of the pair is in flight, not on a picture read before the pair's last promotion ended (a promotion
/// settled after a restart can end while the cycle reads), otherwise announce "promoting" and promote.
/// </summary>
internal sealed class AutoPromoter(DecisionLog log, PromotionExecutor executor, EngineState state, TimeProvider time)
{
    public const string JustEnded = "a promotion of this pair ended after this picture was read; deciding again on a fresh read";

    /// <param name="readSince">When the run began reading: a promotion of the pair that ended after it may not show in the snapshot.</param>
    public async Task<PairDecision> ActAsync(ServiceManifest manifest, PairDecision decision, DateTimeOffset readSince, CancellationToken cancellationToken)
    {
        var previous = log.Latest(decision.PairKey);
        if (decision.Kind != DecisionKind.Promote)
        {
            return decision;
        }

        // A promotion of this very commit already failed: do not hammer the platform every cycle.
        if (decision.Upstream is { } up && await PreviousFailureAsync(decision, previous, up, cancellationToken) is { } failure)
        {
            return decision with { Kind = DecisionKind.Failed, Detail = failure };
        }

        if (await executor.InFlightAsync(decision.PairKey, cancellationToken))
        {
            return decision with { Kind = DecisionKind.Promoting, Detail = PromotionExecutor.InFlight };
        }

        if (await EndedSinceAsync(decision, readSince, cancellationToken))
        {
            return decision with { Kind = DecisionKind.Promoting, Detail = JustEnded };
        }

        var promoting = decision with { Kind = DecisionKind.Promoting, Detail = "automatic" };
        await log.RecordAsync(promoting, cancellationToken);
        return await executor.PromoteAsync(manifest, decision, PromotionTrigger.Automatic, "engine", "all checks passed", cancellationToken);
    }

    private async Task<bool> EndedSinceAsync(PairDecision decision, DateTimeOffset readSince, CancellationToken cancellationToken)
    {
        var recent = await state.Ledger.GetRecentAsync(decision.Service, 100, cancellationToken) ?? [];
        var last = recent.FirstOrDefault(i => string.Equals(i.PairKey, decision.PairKey, StringComparison.OrdinalIgnoreCase));
        return last?.CompletedAt is { } ended && ended > readSince;
    }

    /// <summary>
    /// Why <paramref name="upstream"/> must not be promoted again automatically, or null. The last decision is not
    /// enough: a cycle in between (an alert firing, a hold) replaces it, so the ledger is the memory of failures.
    /// </summary>
    private async Task<string?> PreviousFailureAsync(PairDecision decision, PairDecision? previous, Release upstream, CancellationToken cancellationToken)
    {
        if (previous is { Kind: DecisionKind.Failed } failed && failed.Commit is { } c && Release.CommitsMatch(c, upstream.Commit))
        {
            return failed.Detail;
        }

        var recent = await state.Ledger.GetRecentAsync(decision.Service, 100, cancellationToken) ?? [];
        var last = recent.FirstOrDefault(i => i.Kind == IntentKind.Promote && string.Equals(i.PairKey, decision.PairKey, StringComparison.OrdinalIgnoreCase));
        return last is { Outcome: PromotionOutcome.Failed } && Release.CommitsMatch(last.Commit, upstream.Commit)
            ? $"promotion of {upstream.ShortCommit} failed at {Reasons.At(last.CompletedAt ?? last.StartedAt, time.GetUtcNow())}, not retried automatically: {last.Message}"
            : null;
    }
}
