using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Commands;

/// <summary>Asks the incident sources whether a service has an open incident now (for break-glass).</summary>
public sealed class IncidentProbe
{
    private readonly IReadOnlyList<IIncidentSource> _sources;
    private readonly ILogger _logger;

    public IncidentProbe(IEnumerable<IIncidentSource> sources, ILogger<IncidentProbe>? logger = null)
    {
        _sources = [.. sources];
        _logger = logger ?? NullLogger<IncidentProbe>.Instance;
    }

    /// <summary>
    /// Open incidents on the incident services the manifest watches for <paramref name="stage"/> (falling back to the
    /// service's own name). A source that cannot be read counts as no incident: break-glass must be proven, not assumed.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> GetOpenAsync(ServiceManifest manifest, string stage, CancellationToken cancellationToken)
    {
        var spec = manifest.FindStage(stage) is { } s ? manifest.EffectiveChecks(s).Incidents : manifest.Checks.Incidents;
        IReadOnlyCollection<string> services = spec is { Services.Count: > 0 } ? spec.Services : [manifest.Service];
        var sources = _sources.Where(x => spec?.Source is not { } wanted || string.Equals(x.Source, wanted, StringComparison.OrdinalIgnoreCase));
        var open = new List<Incident>();
        foreach (var source in sources)
        {
            try
            {
                open.AddRange(await source.GetOpenIncidentsAsync(services, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Incident source {Source} unreadable; not counting it for break-glass on {Service}", source.Source, manifest.Service);
            }
        }

        return open;
    }
}
