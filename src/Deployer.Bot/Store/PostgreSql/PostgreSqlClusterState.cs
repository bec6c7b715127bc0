using Deployer.Bot.Scheduling;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// The cluster as Quartz records it: the nodes are the rows of <c>qrtz_scheduler_state</c> (each node checks in there;
/// a dead node's row goes once another node recovered it), and the last cycle is one row every node overwrites.
/// </summary>
internal sealed class PostgreSqlClusterState(NpgsqlDataSource dataSource, DeployerNode node) : IClusterState
{
    public bool Clustered => true;

    public Task RecordCycleAsync(DateTimeOffset startedAt, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        PgJson.ExecuteAsync(dataSource, """
            INSERT INTO deployer_cycle_runs (id, node, started_at, completed_at, completed) VALUES (1, $1, $2, $3, 1)
            ON CONFLICT (id) DO UPDATE SET node = excluded.node, started_at = excluded.started_at, completed_at = excluded.completed_at,
                completed = deployer_cycle_runs.completed + 1
            """, cancellationToken, node.Id, startedAt.ToUniversalTime(), completedAt.ToUniversalTime());

    public async Task<ClusterHealth> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var nodes = await PgJson.ListAsync(dataSource, "SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name", r => r.GetString(0), timeout.Token);
            var last = await PgJson.ListAsync(dataSource, "SELECT node, completed_at FROM deployer_cycle_runs WHERE id = 1",
                r => (Node: r.GetString(0), At: r.IsDBNull(1) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(1)), timeout.Token);
            var member = nodes.Contains(node.Id, StringComparer.Ordinal);
            return new ClusterHealth(true, member, node.Id, nodes, last.FirstOrDefault().Node, last.FirstOrDefault().At,
                member ? $"{nodes.Count} node(s) in the cluster" : "this node has not checked in with the cluster");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ClusterHealth(true, false, node.Id, [], null, null, $"PostgreSQL: {ex.Message}");
        }
    }

    public int CountNodes()
    {
        try
        {
            using var command = dataSource.CreateCommand("SELECT count(*) FROM qrtz_scheduler_state");
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException)
        {
            return 0;
        }
    }
}
