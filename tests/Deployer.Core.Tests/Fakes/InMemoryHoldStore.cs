using System.Collections.Concurrent;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Holds in memory; every change returns its event (nothing is queued: Core tests watch the publisher).</summary>
public sealed class InMemoryHoldStore : IHoldStore
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new();
    private readonly Lock _write = new();

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

    /// <summary>Seeds a hold directly (arrange steps).</summary>
    public Task AddAsync(Hold hold, CancellationToken cancellationToken) => PlaceAsync(hold, cancellationToken);

    /// <summary>When set, the next place throws it once (a crash or an outage between two writes).</summary>
    public Exception? PlaceFailure { get; set; }

    public Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken)
    {
        if (PlaceFailure is { } failure)
        {
            PlaceFailure = null;
            throw failure;
        }

        lock (_write)
        {
            var replaced = RemoveScope(hold.Service, hold.Stage);
            _holds[hold.Id] = hold;
            return Task.FromResult(new HoldPlaced { Hold = hold, Replaced = replaced, At = hold.CreatedAt });
        }
    }

    public Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_write)
        {
            var lifted = RemoveScope(service, stage);
            return Task.FromResult(lifted.Count == 0 ? null : new HoldLifted { HeldService = service, Stage = stage, Lifted = lifted, By = by, At = at });
        }
    }

    public Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_write)
        {
            var expired = _holds.Values.Where(h => !h.IsActiveAt(now)).ToList();
            expired.ForEach(h => _holds.TryRemove(h.Id, out _));
            return Task.FromResult<IReadOnlyList<HoldExpired>>([.. expired.Select(h => new HoldExpired { Hold = h, At = now })]);
        }
    }

    private List<Hold> RemoveScope(string service, string? stage)
    {
        var removed = _holds.Values
            .Where(h => string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase) && string.Equals(h.Stage, stage, StringComparison.OrdinalIgnoreCase))
            .ToList();
        removed.ForEach(h => _holds.TryRemove(h.Id, out _));
        return removed;
    }
}
