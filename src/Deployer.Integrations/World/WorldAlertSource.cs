using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Integrations.World;

/// <summary>
/// <see cref="IAlertSource"/> over the world file. As <c>alertmanager</c> a spec fires when any active alert matches
/// all its matchers; as <c>librato</c> when its alert id is listed in <c>librato.firing</c>.
/// </summary>
public sealed class WorldAlertSource : IAlertSource
{
    public const string Alertmanager = "alertmanager";
    public const string Librato = "librato";

    private readonly Func<WorldFile> _world;

    public WorldAlertSource(string source, Func<WorldFile> world)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!string.Equals(source, Alertmanager, StringComparison.OrdinalIgnoreCase) && !string.Equals(source, Librato, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"world alert source must be '{Alertmanager}' or '{Librato}', not '{source}'", nameof(source));
        }

        Source = source.ToLowerInvariant();
        _world = world ?? throw new ArgumentNullException(nameof(world));
    }

    public string Source { get; }

    public Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var world = _world();
        var result = new Dictionary<string, AlertStatus>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            result[spec.Key] = Source == Librato ? EvaluateLibrato(spec, world) : EvaluateMatchers(spec, world);
        }

        return Task.FromResult<IReadOnlyDictionary<string, AlertStatus>>(result);
    }

    private static AlertStatus EvaluateMatchers(AlertSpec spec, WorldFile world)
    {
        if (!AlertMatcher.TryParseAll(spec.Matchers, out var matchers, out var error))
        {
            return new AlertStatus(AlertState.Unknown, error);
        }

        var firing = world.Alerts.Where(a => a.IsActive && AlertMatcher.MatchesAll(matchers, a.Labels)).ToList();
        if (firing.Count == 0)
        {
            return new AlertStatus(AlertState.Ok, "no active alert matches");
        }

        var names = firing.Select(a => a.Labels.TryGetValue("alertname", out var n) ? n : "alert").Distinct().ToList();
        return new AlertStatus(AlertState.Firing, $"{string.Join(", ", names)} active ({firing.Count} matching)");
    }

    private static AlertStatus EvaluateLibrato(AlertSpec spec, WorldFile world) => spec.AlertId switch
    {
        null => new AlertStatus(AlertState.Unknown, "no alertId configured"),
        { } id when world.Librato.Firing.Contains(id) => new AlertStatus(AlertState.Firing, $"librato alert {id} firing"),
        { } id => new AlertStatus(AlertState.Ok, $"librato alert {id} not firing"),
    };
}
