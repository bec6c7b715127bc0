using Deployer.Core.Decisions;

namespace Deployer.Core.Engine;

/// <summary>What one cycle (or plan) decided and did.</summary>
public sealed record CycleReport(
    IReadOnlyList<PairDecision> Decisions,
    IReadOnlyList<string> Errors,
    TimeSpan Duration,
    int OutsideCalls)
{
    public int Promoted => Decisions.Count(d => d.Kind == DecisionKind.Promoted);
    public int Changed { get; init; }

    /// <summary>How the sweep spent the read budgets (empty for plans and dirty evaluations).</summary>
    public SweepReport Sweep { get; init; } = SweepReport.Empty;
}
