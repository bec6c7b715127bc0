using System.Collections.Concurrent;
using Deployer.Core.Decisions;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class RecordingNotifier : IDecisionNotifier
{
    public ConcurrentQueue<(PairDecision? Previous, PairDecision Current)> Changes { get; } = new();

    public IReadOnlyList<PairDecision> For(string pairKey) =>
        Changes.Where(c => c.Current.PairKey == pairKey).Select(c => c.Current).ToList();

    public Task DecisionChangedAsync(PairDecision? previous, PairDecision current, CancellationToken cancellationToken)
    {
        Changes.Enqueue((previous, current));
        return Task.CompletedTask;
    }
}
