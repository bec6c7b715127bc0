using Deployer.Integrations.World;

namespace Deployer.Bot.Local;

/// <summary>
/// Firing alerts the local simulator adds to the world (a promoted release that "goes bad"), each until its expiry.
/// Kept in memory beside the world file, never written into it: the file stays the newcomer's to edit.
/// </summary>
public sealed class SimulatedAlerts(TimeProvider time)
{
    private readonly List<(WorldAlert Alert, DateTimeOffset Until)> _alerts = [];
    private readonly Lock _lock = new();

    public void Add(WorldAlert alert, DateTimeOffset until)
    {
        lock (_lock)
        {
            _alerts.Add((alert, until));
        }
    }

    /// <summary>The simulated alerts still firing now.</summary>
    public IReadOnlyList<WorldAlert> Active
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                _alerts.RemoveAll(a => a.Until <= now);
                return _alerts.Select(a => a.Alert).ToList();
            }
        }
    }

    /// <summary><paramref name="world"/> with the simulated alerts added.</summary>
    public WorldFile Over(WorldFile world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var active = Active;
        return active.Count == 0 ? world : world with { Alerts = [.. world.Alerts, .. active] };
    }
}
