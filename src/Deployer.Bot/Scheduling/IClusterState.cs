namespace Deployer.Bot.Scheduling;

/// <summary>What this node knows of the instances sharing its store: one node with LiteDB, a Quartz cluster with PostgreSQL.</summary>
public interface IClusterState
{
    /// <summary>True when several nodes may share the store; reconciliation then runs before every cycle.</summary>
    bool Clustered { get; }

    /// <summary>Notes that this node ran a cycle, for every node's <c>/healthz</c>.</summary>
    Task RecordCycleAsync(DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken);

    Task<ClusterHealth> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Nodes alive in the cluster (1 without one), for the <c>deployer_cluster_nodes</c> gauge.</summary>
    int CountNodes();
}
