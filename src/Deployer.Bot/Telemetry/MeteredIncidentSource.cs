using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Telemetry;

/// <summary>Measures an incident source's calls.</summary>
internal sealed class MeteredIncidentSource(IIncidentSource inner, DeployerMetrics metrics, TimeProvider time) : IIncidentSource
{
    public string Source => inner.Source;

    public Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"incidents:{inner.Source}", "open", () => inner.GetOpenIncidentsAsync(services, cancellationToken));
}
