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
}
