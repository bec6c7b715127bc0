using Deployer.Core.Decisions;

namespace Deployer.Core.Ports;

/// <summary>Told about every decision change and promotion result (console, Slack outbox).</summary>
public interface IDecisionNotifier
{
    /// <summary>A pair's decision changed from <paramref name="previous"/> (null: first seen) to <paramref name="current"/>.</summary>
    Task DecisionChangedAsync(PairDecision? previous, PairDecision current, CancellationToken cancellationToken);
}
