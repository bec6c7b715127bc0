using Deployer.Bot.Notifications;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Bot.ChatOps;

/// <summary>The active holds in memory, loaded once and forgotten on every hold event, for cheap status answers.</summary>
internal sealed class HoldCache(IHoldStore store) : IEventListener
{
    private volatile IReadOnlyList<Hold>? _holds;
    private long _loadedAt;

    /// <summary>
    /// How long a loaded snapshot is trusted. Unlimited for one instance (every change goes through this process); with
    /// nodes sharing the store a hold placed on another node must show within a second, so they set a short age.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = Timeout.InfiniteTimeSpan;
    private long _version;

    public void OnEvent(DeployerEvent deployerEvent)
    {
        if (deployerEvent is HoldPlaced or HoldLifted or HoldExpired)
        {
            Invalidate();
        }
    }

    public IReadOnlyList<Hold> Active(string service, DateTimeOffset now)
    {
        var all = _holds is { } cached && !Stale() ? cached : Load(now);
        List<Hold>? found = null;
        foreach (var hold in all)
        {
            if (string.Equals(hold.Service, service, StringComparison.OrdinalIgnoreCase) && hold.IsActiveAt(now))
            {
                (found ??= []).Add(hold);
            }
        }

        return found ?? (IReadOnlyList<Hold>)[];
    }

    /// <summary>Forgets the snapshot; the next read reloads it from the store.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _holds = null;
    }

    private bool Stale() =>
        MaxAge != Timeout.InfiniteTimeSpan && Environment.TickCount64 - Volatile.Read(ref _loadedAt) > (long)MaxAge.TotalMilliseconds;

    private IReadOnlyList<Hold> Load(DateTimeOffset now)
    {
        // Holds with an expiry are kept (filtered per read) so a hold does not vanish from status only when reloaded.
        // A read that raced with a change must not be kept: it may predate the change (the dashboard reads right
        // after every hold event, so this race is real), so only a read with no invalidation during it is cached.
        var version = Interlocked.Read(ref _version);
        var loaded = store.GetActiveAsync(null, now, CancellationToken.None).GetAwaiter().GetResult();
        Volatile.Write(ref _loadedAt, Environment.TickCount64);
        if (Interlocked.Read(ref _version) == version)
        {
            _holds = loaded;
        }

        return loaded;
    }
}
