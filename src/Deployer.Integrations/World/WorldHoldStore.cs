using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Integrations.World;

/// <summary>An in-memory <see cref="IHoldStore"/>, seeded from a world file's <c>holds</c>.</summary>
public sealed class WorldHoldStore : IHoldStore
{
    private readonly List<Hold> _holds;
    private readonly Lock _gate = new();

    public WorldHoldStore(IEnumerable<Hold>? seed = null) => _holds = seed?.ToList() ?? [];

    public WorldHoldStore(WorldFile world)
        : this((world ?? throw new ArgumentNullException(nameof(world))).Holds)
    {
    }

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Hold> active = _holds
                .Where(h => (service is null || string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase)) && h.IsActiveAt(now))
                .ToList();
            return Task.FromResult(active);
        }
    }

    /// <summary>Nothing is announced from a world (it backs <c>plan</c>): the event is returned, not queued.</summary>
    public Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        lock (_gate)
        {
            var replaced = RemoveWhere(h => SameScope(h, hold.Service, hold.Stage));
            _holds.Add(hold);
            return Task.FromResult(new HoldPlaced { Hold = hold, Replaced = replaced, At = hold.CreatedAt });
        }
    }

    public Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var lifted = RemoveWhere(h => SameScope(h, service, stage));
        return Task.FromResult(lifted.Count == 0 ? null : new HoldLifted { HeldService = service, Stage = stage, Lifted = lifted, By = by, At = at });
    }

    public Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HoldExpired>>([.. RemoveWhere(h => !h.IsActiveAt(now)).Select(h => new HoldExpired { Hold = h, At = now })]);

    private static bool SameScope(Hold hold, string service, string? stage) =>
        string.Equals(hold.Service, service, StringComparison.OrdinalIgnoreCase)
        && (stage is null ? hold.Stage is null : string.Equals(hold.Stage, stage, StringComparison.OrdinalIgnoreCase));

    private List<Hold> RemoveWhere(Func<Hold, bool> predicate)
    {
        lock (_gate)
        {
            var removed = _holds.Where(predicate).ToList();
            _holds.RemoveAll(removed.Contains);
            return removed;
        }
    }
}
