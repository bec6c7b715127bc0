using System.Collections.Concurrent;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class InMemoryDecisionStore : IDecisionStore
{
    private readonly ConcurrentDictionary<string, PairDecision> _last = new(StringComparer.OrdinalIgnoreCase);

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken) =>
        Task.FromResult(_last.TryGetValue(pairKey, out var d) ? d : null);

    public Task SaveAsync(DecisionChanged change, CancellationToken cancellationToken)
    {
        _last[change.Current.PairKey] = change.Current;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PairDecision>>(_last.Values
            .Where(d => service is null || string.Equals(d.Service, service, StringComparison.OrdinalIgnoreCase))
            .ToList());
}
