using System.Diagnostics;
using Deployer.Bot.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Cluster;

/// <summary>
/// Two bot processes share one real PostgreSQL database and one command platform; the node running the promotion cycle
/// is killed with SIGKILL in the middle of a promotion every other round and replaced. Every release must end promoted, none twice, with its intent
/// settled and exactly one success in the audit log.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Pipelines = 20;
    private const int Rounds = 10;

    [Fact]
    public async Task Two_nodes_promote_every_release_exactly_once_while_the_cycle_node_is_killed()
    {
        using var world = new CommandWorld(Pipelines);
        var connectionString = await server.NewDatabaseAsync();
        await using var db = NpgsqlDataSource.Create(connectionString);
        var generation = 0;
        var nodes = new List<BotNode> { BotNode.Start($"a{++generation}", world.Root, connectionString), BotNode.Start($"b{++generation}", world.Root, connectionString) };
        var takeovers = new List<TimeSpan>();
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var service in world.Services)
                {
                    world.SetRelease($"{service}-staging", service, round);
                }

                var r = round;
                if (round % 2 == 0)
                {
                    // Every other round, as soon as the platform receives this round's first call, the node running
                    // that cycle dies mid-promotion and a fresh node takes its place.
                    await WaitAsync(() => Task.FromResult(world.Calls().Any(c => c.Commit == CommandWorld.Commit(c.Target[..^"-production".Length], r))),
                        TimeSpan.FromSeconds(60), $"round {round} promoting", nodes);
                    takeovers.Add(await KillCycleNodeAsync(db, nodes, world, $"n{++generation}", connectionString));
                }

                await WaitAsync(() => Task.FromResult(world.Services.All(s => world.Runs($"{s}-production", CommandWorld.Commit(s, r)))),
                    TimeSpan.FromSeconds(90), $"round {round} promoted everywhere", nodes);
            }

            await WaitAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM deployer_promotions WHERE open") == 0,
                TimeSpan.FromSeconds(60), "every open intent settled", nodes);

            output.WriteLine($"kills: {takeovers.Count}; takeover after kill (s): {string.Join(", ", takeovers.Select(t => t.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.Equal(Rounds / 2, takeovers.Count);

            var expected = world.Services.SelectMany(s => Enumerable.Range(1, Rounds).Select(r => ($"{s}-production", CommandWorld.Commit(s, r)))).ToHashSet();
            var calls = world.Calls();
            Assert.Equal(Pipelines * Rounds, calls.Count);
            Assert.True(expected.SetEquals(calls), "every release promoted by exactly one platform call");

            var succeeded = await ListAsync(db, "SELECT pair_key || ' ' || (doc->>'commit') FROM deployer_promotions WHERE doc->>'outcome' = 'Succeeded'");
            Assert.Equal(Pipelines * Rounds, succeeded.Count);
            Assert.Equal(succeeded.Count, succeeded.Distinct().Count());

            // One success per promotion in the audit log: the promoting node's, or the reconciler's for an intent whose node died.
            var audited = await ListAsync(db, """
                SELECT (doc->>'service') || ' ' || (doc->>'commit') FROM deployer_audit
                WHERE doc->>'kind' = 'PromotionSucceeded' OR (doc->>'kind' = 'PromotionReconciled' AND doc->>'summary' LIKE '%: succeeded (%')
                """);
            Assert.Equal(Pipelines * Rounds, audited.Count);
            Assert.Equal(audited.Count, audited.Distinct().Count());
            Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) - count(DISTINCT id) FROM deployer_audit"));
        }
        finally
        {
            foreach (var node in nodes.ToList())
            {
                node.Dispose();
            }
        }
    }

    /// <summary>Kills (SIGKILL) the node executing the cycle, starts a fresh one, and returns how long until a cycle completed elsewhere.</summary>
    private static async Task<TimeSpan> KillCycleNodeAsync(NpgsqlDataSource db, List<BotNode> nodes, CommandWorld world, string newId, string connectionString)
    {
        BotNode? victim = null;
        await WaitAsync(async () =>
        {
            var running = await ListAsync(db, "SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = 'promotion-cycle' AND state = 'EXECUTING'");
            victim = nodes.FirstOrDefault(n => running.Contains(n.Id) && n.Alive);
            return victim is not null;
        }, TimeSpan.FromSeconds(30), "a node executing the cycle", nodes);

        var before = await ScalarAsync(db, "SELECT coalesce(max(completed), 0) FROM deployer_cycle_runs");
        victim!.Kill();
        var killedAt = Stopwatch.StartNew();
        nodes.Remove(victim);
        victim.Dispose();
        nodes.Add(BotNode.Start(newId, world.Root, connectionString));
        await WaitAsync(async () =>
        {
            var last = await ListAsync(db, "SELECT node || ' ' || completed FROM deployer_cycle_runs");
            return last.Count == 1 && !last[0].StartsWith(victim.Id + " ", StringComparison.Ordinal)
                && long.Parse(last[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > before;
        }, TimeSpan.FromSeconds(60), $"a cycle after killing {victim.Id}", nodes);
        return killedAt.Elapsed;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string what, List<BotNode> nodes)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                string logs;
                lock (nodes)
                {
                    logs = string.Join("\n", nodes.Select(n => $"--- {n.Id} (alive: {n.Alive})\n{n.Tail()}"));
                }

                throw new TimeoutException($"not within {limit.TotalSeconds}s: {what}\n{logs}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ListAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
