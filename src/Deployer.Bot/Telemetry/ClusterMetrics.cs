using System.Diagnostics.Metrics;
using Deployer.Bot.Scheduling;

namespace Deployer.Bot.Telemetry;

/// <summary><c>deployer_cluster_nodes</c>: the nodes alive in the cluster (1 for a single LiteDB instance), on the meter <see cref="MeterName"/>.</summary>
public sealed class ClusterMetrics : IDisposable
{
    public const string MeterName = "Deployer.Cluster";
    private readonly Meter _meter;

    public ClusterMetrics(IMeterFactory meters, IClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(cluster);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("deployer.cluster.nodes", cluster.CountNodes, unit: "{node}", description: "Nodes alive in the scheduler cluster");
    }

    public void Dispose() => _meter.Dispose();
}
