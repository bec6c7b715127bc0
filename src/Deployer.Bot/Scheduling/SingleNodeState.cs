namespace Deployer.Bot.Scheduling;

/// <summary>LiteDB: this process is the only node, and its own cycles are the last ones.</summary>
internal sealed class SingleNodeState(DeployerNode node) : IClusterState
{
    private (DateTimeOffset At, bool Known) _last;

    public bool Clustered => false;

    public Task RecordCycleAsync(DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        _last = (completedAt, true);
        return Task.CompletedTask;
    }

    public Task<ClusterHealth> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ClusterHealth(false, true, node.Id, [node.Id], _last.Known ? node.Id : null, _last.Known ? _last.At : null, "single instance (LiteDB)"));

    public int CountNodes() => 1;
}
