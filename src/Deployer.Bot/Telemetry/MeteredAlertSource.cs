using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Telemetry;

/// <summary>Measures an alert source's calls.</summary>
internal sealed class MeteredAlertSource(IAlertSource inner, DeployerMetrics metrics, TimeProvider time) : IAlertSource
{
    public string Source => inner.Source;

    public Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"alerts:{inner.Source}", "status", () => inner.GetStatusAsync(specs, cancellationToken));
}
