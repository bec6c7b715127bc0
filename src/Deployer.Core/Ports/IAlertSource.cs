using Deployer.Core.Manifests;

namespace Deployer.Core.Ports;

/// <summary>An alerting system (Alertmanager, Librato, the local world file). Asked once per cycle for every watched alert.</summary>
public interface IAlertSource
{
    /// <summary>The <c>source</c> name manifests use: <c>alertmanager</c>, <c>librato</c>.</summary>
    string Source { get; }

    /// <summary>The state of each spec, keyed by <see cref="AlertSpec.Key"/>. Throws when the source cannot be read at all.</summary>
    Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken);
}
