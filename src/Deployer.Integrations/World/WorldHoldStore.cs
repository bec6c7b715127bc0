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

    public Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Task.FromResult(RemoveWhere(h =>
            string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase)
            && (stage is null ? h.Stage is null : string.Equals(h.Stage, stage, StringComparison.OrdinalIgnoreCase))));
    }

    public Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(RemoveWhere(h => !h.IsActiveAt(now)));

    private IReadOnlyList<Hold> RemoveWhere(Func<Hold, bool> predicate)
    {
        lock (_gate)
        {
            var removed = _holds.Where(predicate).ToList();
            _holds.RemoveAll(removed.Contains);
            return removed;
        }
    }
}
