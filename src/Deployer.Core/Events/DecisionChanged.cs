using Deployer.Core.Decisions;

namespace Deployer.Core.Events;

/// <summary>A pair's decision changed from <see cref="Previous"/> (null: first seen) to <see cref="Current"/>.</summary>
public sealed record DecisionChanged : DeployerEvent
{
    public PairDecision? Previous { get; init; }

    public required PairDecision Current { get; init; }

    /// <summary>What <see cref="Current"/>'s diff would ship, when known (read when the diff changed; null: show the short shas).</summary>
    public ChangeList? Changes { get; init; }

    /// <summary>What <see cref="Previous"/>'s diff would have shipped, when known (its message is updated too).</summary>
    public ChangeList? PreviousChanges { get; init; }

    public override string Service => Current.Service;

    public static DecisionChanged Of(PairDecision? previous, PairDecision current) => new() { Previous = previous, Current = current, At = current.At };
}
