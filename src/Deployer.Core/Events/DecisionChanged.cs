using Deployer.Core.Decisions;

namespace Deployer.Core.Events;

/// <summary>A pair's decision changed from <see cref="Previous"/> (null: first seen) to <see cref="Current"/>.</summary>
public sealed record DecisionChanged : DeployerEvent
{
    public PairDecision? Previous { get; init; }

    public required PairDecision Current { get; init; }

    public override string Service => Current.Service;

    public static DecisionChanged Of(PairDecision? previous, PairDecision current) => new() { Previous = previous, Current = current, At = current.At };
}
