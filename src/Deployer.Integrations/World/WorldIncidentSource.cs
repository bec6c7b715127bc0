using Deployer.Core.Ports;

namespace Deployer.Integrations.World;

/// <summary><see cref="IIncidentSource"/> over the world file: every incident not <c>resolved</c> is open.</summary>
public sealed class WorldIncidentSource(Func<WorldFile> world, string source = "local") : IIncidentSource
{
    private readonly Func<WorldFile> _world = world ?? throw new ArgumentNullException(nameof(world));

    public string Source { get; } = source ?? throw new ArgumentNullException(nameof(source));

    public Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        IReadOnlyList<Incident> open = _world().Incidents
            .Where(i => IsOpen(i.Status) && services.Contains(i.Service, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return Task.FromResult(open);
    }

    /// <summary>Open unless resolved: triggered, acknowledged, investigating, identified, monitoring… all count.</summary>
    public static bool IsOpen(string status) => !string.Equals(status?.Trim(), "resolved", StringComparison.OrdinalIgnoreCase);
}
