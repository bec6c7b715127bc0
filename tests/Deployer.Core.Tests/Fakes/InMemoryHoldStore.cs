using System.Collections.Concurrent;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class InMemoryHoldStore : IHoldStore
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new();

    /// <summary>When set, reads throw it (a store that is down).</summary>
    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        IReadOnlyList<Hold> active = _holds.Values
            .Where(h => h.IsActiveAt(now) && (service is null || string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return Task.FromResult(active);
    }

    public Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        _holds[hold.Id] = hold;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        var removed = _holds.Values
            .Where(h => string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase) && string.Equals(h.Stage, stage, StringComparison.OrdinalIgnoreCase))
            .ToList();
        removed.ForEach(h => _holds.TryRemove(h.Id, out _));
        return Task.FromResult<IReadOnlyList<Hold>>(removed);
    }

    public Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = _holds.Values.Where(h => !h.IsActiveAt(now)).ToList();
        expired.ForEach(h => _holds.TryRemove(h.Id, out _));
        return Task.FromResult<IReadOnlyList<Hold>>(expired);
    }
}
