using Deployer.Core.Promotions;

namespace Deployer.Core.Events;

/// <summary>One rollback of a stage: who asked and why, the commit taken off, and what each target goes back to.</summary>
/// <param name="PromotionCommit">The full commit of the promotion undone (its decision message is keyed by it).</param>
public sealed record RollbackFacts(
    string Service, string FromStage, string Stage, string Actor, string Reason, string PromotionCommit,
    IReadOnlyList<PreviousRelease> Targets, string IntentId)
{
    public string PairLabel => $"{FromStage}→{Stage}";

    public string FromShort => PromotionCommit.Length > 7 ? PromotionCommit[..7] : PromotionCommit;

    /// <summary>The commit(s) the targets return to, short, distinct, comma-separated.</summary>
    public string ToShort => string.Join(", ", Targets.Select(t => t.ShortCommit).Distinct(StringComparer.OrdinalIgnoreCase));

    public string TargetList => string.Join(", ", Targets.Select(t => t.Target));
}
