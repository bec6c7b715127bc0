using Deployer.Bot.Scheduling;

namespace Deployer.Bot.Health;

/// <summary><c>cluster</c>: with the PostgreSQL store, whether this node reaches the database and the cluster; one node on LiteDB.</summary>
internal sealed class ClusterHealthContributor(IClusterState cluster) : IHealthContributor
{
    public string Name => "cluster";

    /// <summary>The last reading, for the response's <c>cluster</c> section.</summary>
    public ClusterHealth? Last { get; private set; }

    public async ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var health = await cluster.ReadAsync(cancellationToken);
        Last = health;
        var detail = health.Clustered
            ? $"node {health.Node}; {health.Nodes.Count} node(s) live; last cycle on {health.LastCycleNode ?? "none yet"}"
            : $"single node {health.Node}";
        return health.Healthy ? ComponentHealth.Healthy(detail) : ComponentHealth.Unhealthy(detail);
    }
}
