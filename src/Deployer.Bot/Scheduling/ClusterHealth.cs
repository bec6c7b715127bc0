namespace Deployer.Bot.Scheduling;

/// <summary>
/// The cluster as one node sees it: whether it is a member (checked in with Quartz), the nodes alive, and which node
/// ran the last promotion cycle and when.
/// </summary>
public sealed record ClusterHealth(
    bool Clustered,
    bool Healthy,
    string Node,
    IReadOnlyList<string> Nodes,
    string? LastCycleNode,
    DateTimeOffset? LastCycleCompletedAt,
    string Detail);
