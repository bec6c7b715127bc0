namespace Deployer.Core.Releases;

/// <summary>How a promotion ended, target by target, with the platform's own words.</summary>
public sealed record PromotionResult(bool Succeeded, string Message, IReadOnlyList<TargetPromotionResult> Targets)
{
    /// <summary>Not succeeded, yet nothing failed: some targets were never started (a restart found the run cut short).</summary>
    public bool Unfinished { get; init; }

    public static PromotionResult Success(IReadOnlyList<string> targets, string message = "promoted") =>
        new(true, message, targets.Select(t => new TargetPromotionResult(t, true, null)).ToList());

    public static PromotionResult Failure(string message, IReadOnlyList<string> targets) =>
        new(false, message, targets.Select(t => new TargetPromotionResult(t, false, message)).ToList());
}
