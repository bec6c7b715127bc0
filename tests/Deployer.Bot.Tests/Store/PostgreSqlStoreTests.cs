using Deployer.Bot.Scheduling;
using Deployer.Bot.Store.PostgreSql;
using Deployer.Bot.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Deployer.Bot.Tests.Store;

/// <summary>What only the shared PostgreSQL store has to guarantee: migrations under concurrent start, invariants held by the database itself, outbox claims per node.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Nodes_starting_together_apply_each_schema_script_exactly_once()
    {
        var connectionString = await server.NewDatabaseAsync(migrated: false);
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => Task.Run(() => PostgreSqlSchema.MigrateAsync(s, null, default))));

            Assert.Equal(PostgreSqlSchema.Scripts.Count, applied.Sum());
            Assert.Equal(PostgreSqlSchema.Scripts.Count, applied.Max());
            Assert.Equal(0, await PostgreSqlSchema.MigrateAsync(sources[0], null, default));
            Assert.Equal(PostgreSqlSchema.Scripts[^1].Version, await PostgreSqlSchema.VersionAsync(sources[0], default));
            await using var quartz = sources[0].CreateCommand("SELECT count(*) FROM qrtz_locks");
            Assert.Equal(0L, await quartz.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_open_intent_for_a_pair_and_a_second_approval_by_one_person()
    {
        await using var source = NpgsqlDataSource.Create(await server.NewDatabaseAsync());
        const string insert = "INSERT INTO deployer_promotions (id, service, pair_key, open, node, doc) VALUES ($1, 'router', 'router/staging->production', $2, 'n1', '{}')";
        await Execute(source, insert, "a", true);
        await Execute(source, insert, "b", false);
        var twice = await Assert.ThrowsAsync<PostgresException>(() => Execute(source, insert, "c", true));
        Assert.Equal("deployer_promotions_one_open_per_pair", twice.ConstraintName);

        await Execute(source, "INSERT INTO deployer_force_requests (id, service, open, doc) VALUES ($1, 'router', $2, '{}')", "k3f9q2", true);
        const string approve = "INSERT INTO deployer_force_approvals (request_id, approver, at) VALUES ($1, $2, now())";
        await Execute(source, approve, "k3f9q2", "U1");
        await Execute(source, approve, "k3f9q2", "U2");
        Assert.Equal("23505", (await Assert.ThrowsAsync<PostgresException>(() => Execute(source, approve, "k3f9q2", "U1"))).SqlState);
    }

    [Fact]
    public async Task Outbox_items_are_claimed_by_one_node_per_channel_until_released_or_the_lease_lapses()
    {
        await using var source = NpgsqlDataSource.Create(await server.NewDatabaseAsync());
        var time = new FakeTimeProvider(T0);
        var a = new PostgreSqlOutboxStore(source, new DeployerNode("node-a"), time);
        var b = new PostgreSqlOutboxStore(source, new DeployerNode("node-b"), time);
        a.Upsert("C1", "k1", "one");
        b.Upsert("C1", "k2", "two");
        b.Upsert("C2", "k3", "three");

        var claimedByA = a.Pending();
        Assert.Equal(["one", "two", "three"], claimedByA.Select(i => i.Body));
        Assert.Empty(b.Pending());

        a.Sent(claimedByA[0], "C1", "1.1");
        a.Upsert("C1", "k4", "four");
        Assert.Empty(b.Pending());
        Assert.Equal(["two", "three", "four"], a.Pending().Select(i => i.Body));

        a.ReleaseClaims();
        Assert.Equal(["two", "three", "four"], b.Pending().Select(i => i.Body));
        Assert.Empty(a.Pending());

        // node-b dies holding its claims: after the lease another node takes over, in order.
        time.Advance(PostgreSqlOutboxStore.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(["two", "three", "four"], a.Pending().Select(i => i.Body));
    }

    [Fact]
    public async Task Reconciliation_gets_the_open_intents_of_nodes_gone_from_the_cluster_never_those_of_live_nodes()
    {
        await using var source = NpgsqlDataSource.Create(await server.NewDatabaseAsync());
        var alive = new PostgreSqlPromotionLedger(source, new DeployerNode("node-alive"));
        var dead = new PostgreSqlPromotionLedger(source, new DeployerNode("node-dead"));
        var me = new PostgreSqlPromotionLedger(source, new DeployerNode("node-me"));
        await Execute(source, "INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('deployer', $1, 0, 5000)", "node-alive");
        await Execute(source, "INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('deployer', $1, 0, 5000)", "node-me");
        var inFlight = NewIntent("router");
        var orphan = NewIntent("billing");
        var mine = NewIntent("checkout");
        Assert.True(await alive.TryBeginAsync(inFlight, default));
        Assert.True(await dead.TryBeginAsync(orphan, default));
        Assert.True(await me.TryBeginAsync(mine, default));

        Assert.Equal([orphan.Id], (await me.GetOrphanedAsync(default)).Select(i => i.Id));
        Assert.Equal(3, (await me.GetOpenAsync(default)).Count);

        // Quartz recovered node-alive after it died: its row is gone, its intent is now an orphan too.
        await Execute(source, "DELETE FROM qrtz_scheduler_state WHERE instance_name = $1", "node-alive");
        Assert.Equal([inFlight.Id, orphan.Id], (await me.GetOrphanedAsync(default)).Select(i => i.Id));
    }

    private static Deployer.Core.Promotions.PromotionIntent NewIntent(string service) => new()
    {
        Service = service,
        From = "staging",
        To = "production",
        Commit = "9f1c2ab4f00d",
        SourceTarget = $"{service}-staging",
        Targets = [$"{service}-prod"],
        StartedAt = T0,
    };

    private static async Task Execute(NpgsqlDataSource source, string sql, params object[] parameters)
    {
        await using var command = source.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
