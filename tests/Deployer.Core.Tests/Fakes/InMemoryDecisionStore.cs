using System.Collections.Concurrent;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class InMemoryDecisionStore : IDecisionStore
{
    private readonly ConcurrentDictionary<string, PairDecision> _last = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The announcements queued with a decision (<see cref="SaveAsync"/>), in order.</summary>
    public ConcurrentQueue<DecisionChanged> Queued { get; } = new();

    /// <summary>The decisions stored without queueing (<see cref="KeepAsync"/>), in order.</summary>
    public ConcurrentQueue<PairDecision> Kept { get; } = new();

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken) =>
        Task.FromResult(_last.TryGetValue(pairKey, out var d) ? d : null);

    public Task SaveAsync(DecisionChanged change, CancellationToken cancellationToken)
    {
        _last[change.Current.PairKey] = change.Current;
        Queued.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task KeepAsync(PairDecision decision, CancellationToken cancellationToken)
    {
        _last[decision.PairKey] = decision;
        Kept.Enqueue(decision);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PairDecision>>(_last.Values
            .Where(d => service is null || string.Equals(d.Service, service, StringComparison.OrdinalIgnoreCase))
            .ToList());
}
