using System.Diagnostics;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Bot.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Cluster;

/// <summary>
/// Two bot processes share one real PostgreSQL database and one command platform; the node running the promotion cycle
/// is killed with SIGKILL in the middle of a promotion every other round and replaced. Every release must end promoted, none twice, with its intent
/// settled and exactly one success in the audit log; every Slack message the nodes queue reaches the fake Slack exactly once.
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
        await using var slack = await FakeSlackServer.StartAsync();
        // Slack keeps each post a moment before answering: a node killed then has posted without knowing it.
        slack.PostAnswerDelay = TimeSpan.FromMilliseconds(150);
        var generation = 0;
        var started = new List<BotNode>();
        BotNode Start(string id)
        {
            var node = BotNode.Start(id, world.Root, connectionString, SlackSettings(slack));
            started.Add(node);
            return node;
        }

        var nodes = new List<BotNode> { Start($"a{++generation}"), Start($"b{++generation}") };
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
                    takeovers.Add(await KillCycleNodeAsync(db, nodes, () => Start($"n{++generation}")));
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
            output.WriteLine($"audit: {audited.Count} promotions audited as succeeded, {await ScalarAsync(db, "SELECT count(*) FROM deployer_audit")} entries in all");

            await SlackDeliveredExactlyOnceAsync(db, slack, world, nodes, takeovers.Count);
            output.WriteLine($"slack: {started.Sum(n => n.CountLines("Slack already has outbox item"))} posts found in Slack after an interrupted attempt (not posted again)");
        }
        finally
        {
            foreach (var node in nodes.ToList())
            {
                node.Dispose();
            }
        }
    }

    /// <summary>
    /// Once the outbox is empty (nothing queued, nothing dead): every post carries a distinct outbox item, each diff has
    /// one message and at most one result in its thread, and every promotion its node saw through is announced in Slack.
    /// </summary>
    private async Task SlackDeliveredExactlyOnceAsync(NpgsqlDataSource db, FakeSlackServer slack, CommandWorld world, List<BotNode> nodes, int kills)
    {
        // A dead node's claims hold its channels for the claim lease (60 s) before another node sends them.
        await WaitAsync(async () => await ScalarAsync(db, "SELECT (SELECT count(*) FROM deployer_outbox) + (SELECT count(*) FROM deployer_notifications)") == 0,
            TimeSpan.FromSeconds(120), "the Slack outbox and the notification queue empty", nodes);

        var posts = slack.Messages;
        var topLevel = posts.Where(p => p.ThreadTs is null).ToList();
        var replies = posts.Where(p => p.ThreadTs is not null).ToList();
        var searches = slack.Calls.Count(c => c.Method.StartsWith("conversations.", StringComparison.Ordinal));
        output.WriteLine($"slack: {posts.Count} messages ({topLevel.Count} posts, {replies.Count} thread replies), {slack.Calls.Count(c => c.Method == "chat.update")} updates, {searches} history searches");

        var releases = world.Services.SelectMany(s => Enumerable.Range(1, Rounds).Select(r => CommandWorld.Commit(s, r)[..7])).ToHashSet();
        foreach (var other in topLevel.Where(p => !releases.Contains(p.Text.Split(' ')[2])))
        {
            output.WriteLine($"slack: other post in {other.Channel}: {other.Text}");
        }

        Assert.All(posts, p => Assert.NotNull(p.OutboxId));
        Assert.Equal(posts.Count, posts.Select(p => p.OutboxId).Distinct().Count());
        Assert.All(topLevel.GroupBy(p => (p.Channel, Commit: p.Text.Split(' ')[2])), g => Assert.Single(g));
        Assert.All(replies.GroupBy(p => p.ThreadTs), g => Assert.Single(g));

        // Every promotion that ended on the node that ran it was announced: its diff's message and the result below it.
        // (One that a dead node left half done is settled by reconciliation, which announces it in the thread itself.)
        // The ledger's completion (with its PromotionSucceeded entry) queues the Promoted decision's announcement (the "is
        // live" reply) in its transaction, so a kill right after it loses no reply: none may be missing.
        var announced = 0;
        var unannounced = new List<string>();
        foreach (var (service, round) in world.Services.SelectMany(s => Enumerable.Range(1, Rounds).Select(r => (s, r))))
        {
            var commit = CommandWorld.Commit(service, round)[..7];
            var ended = await ScalarAsync(db, $"SELECT count(*) FROM deployer_audit WHERE doc->>'kind' = 'PromotionSucceeded' AND doc->>'service' = '{service}' AND doc->>'commit' = '{commit}'");
            if (ended == 0)
            {
                continue;
            }

            var message = Assert.Single(topLevel, p => p.Channel == CommandWorld.Channel(service) && p.Text.Contains($" {commit} ", StringComparison.Ordinal));
            if (!replies.Any(p => p.ThreadTs == message.Ts && p.Text.Contains($"{commit} is live", StringComparison.Ordinal)))
            {
                unannounced.Add($"{service} {commit}");
                continue;
            }

            announced++;
        }

        output.WriteLine($"slack: promotions without their result reply: {unannounced.Count} [{string.Join(", ", unannounced)}]");
        Assert.True(unannounced.Count == 0, $"{unannounced.Count} promotions without their result reply after {kills} kills: {string.Join(", ", unannounced)}");

        output.WriteLine($"slack: {announced} promotions announced with their result");
        Assert.True(announced >= Pipelines * Rounds - Pipelines * Rounds / 2, $"only {announced} promotions announced");
    }

    private static Dictionary<string, string> SlackSettings(FakeSlackServer slack) => new()
    {
        ["Slack__Mode"] = "Http",
        ["Slack__BotToken"] = "xoxb-test",
        ["Slack__SigningSecret"] = "failover-test-secret",
        ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        ["Slack__PostMessageInterval"] = "00:00:00",
    };

    /// <summary>Kills (SIGKILL) the node executing the cycle, starts a fresh one, and returns how long until a cycle completed elsewhere.</summary>
    private static async Task<TimeSpan> KillCycleNodeAsync(NpgsqlDataSource db, List<BotNode> nodes, Func<BotNode> start)
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
        nodes.Add(start());
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
