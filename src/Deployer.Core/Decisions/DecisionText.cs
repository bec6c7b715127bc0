using Deployer.Core.Checks;

namespace Deployer.Core.Decisions;

/// <summary>Plain-text renderings of decisions, shared by the console, the audit log and the CLI.</summary>
public static class DecisionText
{
    /// <summary>e.g. <c>router staging→production 9f1c2ab BLOCKED release-age: release is 12m old, needs 30m (ready at 14:32 UTC)</c>.</summary>
    public static string OneLine(PairDecision decision)
    {
        var head = $"{decision.Service} {decision.PairLabel} {decision.Upstream?.ShortCommit ?? "-------"} {Label(decision.Kind)}";
        return decision.Kind switch
        {
            DecisionKind.Blocked => $"{head} {string.Join("; ", decision.BlockingChecks.Select(Check))}",
            DecisionKind.Held => $"{head} {decision.Checks.FirstOrDefault(c => c.Check == CheckNames.Hold)?.Reason ?? decision.Hold?.Reason}",
            DecisionKind.Promote or DecisionKind.Promoting => $"{head} to {string.Join(", ", decision.TargetsToPromote)}" + (decision.Detail is { } d ? $" ({d})" : ""),
            DecisionKind.Promoted => $"{head} to {string.Join(", ", decision.TargetsToPromote)} ({decision.Detail})",
            DecisionKind.Failed => $"{head} {decision.Detail}",
            _ => head,
        };
    }

    public static string Label(DecisionKind kind) => kind switch
    {
        DecisionKind.InSync => "IN SYNC",
        _ => kind.ToString().ToUpperInvariant(),
    };

    public static string Check(CheckResult check) => $"{check.Check}: {check.Reason}";
}
