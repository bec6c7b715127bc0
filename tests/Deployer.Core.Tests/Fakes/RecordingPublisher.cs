using System.Collections.Concurrent;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Records every published event; <see cref="Changes"/> holds the decision changes in order.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    public ConcurrentQueue<DeployerEvent> Events { get; } = new();

    public IReadOnlyList<(PairDecision? Previous, PairDecision Current)> Changes =>
        [.. Events.OfType<DecisionChanged>().Select(c => (c.Previous, c.Current))];

    public IReadOnlyList<ForceRequest> ForceRequests => [.. Events.OfType<ForceRequestChanged>().Select(f => f.Request)];

    public IReadOnlyList<PairDecision> For(string pairKey) =>
        Changes.Where(c => c.Current.PairKey == pairKey).Select(c => c.Current).ToList();

    public Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(deployerEvent);
        return Task.CompletedTask;
    }
}
