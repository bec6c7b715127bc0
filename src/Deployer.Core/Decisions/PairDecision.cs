using Deployer.Core.Checks;
using Deployer.Core.Holds;
using Deployer.Core.Releases;

namespace Deployer.Core.Decisions;

/// <summary>What the engine decided for one stage pair, with every check's outcome and reason.</summary>
public sealed record PairDecision
{
    public required string Service { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required DecisionKind Kind { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The upstream release that would be promoted (null when upstream has none or is unreadable).</summary>
    public Release? Upstream { get; init; }

    /// <summary>The upstream target the release is promoted from.</summary>
    public string? SourceTarget { get; init; }

    /// <summary>Downstream targets that do not run the upstream commit.</summary>
    public IReadOnlyList<string> TargetsToPromote { get; init; } = [];

    public IReadOnlyList<TargetState> UpstreamTargets { get; init; } = [];
    public IReadOnlyList<TargetState> DownstreamTargets { get; init; } = [];
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];
    public Hold? Hold { get; init; }

    /// <summary>Why a promotion failed, or how it was done (automatic, forced, break-glass).</summary>
    public string? Detail { get; init; }

    public string PairKey => KeyFor(Service, From, To);
    public string? Commit => Upstream?.Commit;
    public string PairLabel => $"{From}→{To}";

    public IEnumerable<CheckResult> BlockingChecks => Checks.Where(c => c.Blocks);

    /// <summary>What must differ for a decision to count as a change: kind, commit and each check's outcome (not the wording, which ages).</summary>
    public string Signature =>
        $"{Kind}|{Upstream?.Commit}|{string.Join(',', TargetsToPromote)}|{Hold?.Id}|" +
        string.Join(';', Checks.Select(c => $"{c.Check}:{c.OutcomeLabel}"));

    public static string KeyFor(string service, string from, string to) => $"{service}/{from}->{to}";
}
