using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.Store;

/// <summary>The LiteDB queue's own shape: a collection made at open without a secondary index, also in older files.</summary>
public sealed class LiteDbNotificationQueueTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static DecisionChanged Change(string service) => DecisionChanged.Of(null, new PairDecision
    {
        Service = service, From = "staging", To = "production", Kind = DecisionKind.Blocked,
        At = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero),
        Upstream = new Release { Id = "r1", Commit = "bbbbbbb2222222222222222222222222222222222", CreatedAt = new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.Zero) },
    });

    [Fact]
    public void A_new_file_gets_the_collection_at_open_without_a_secondary_index_and_keeps_order()
    {
        using var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        var queue = new LiteDbNotificationQueue(database);

        Assert.True(database.CollectionExists(LiteDbNotificationQueue.CollectionName));
        Assert.Equal(0, queue.Depth);
        Assert.Equal(["_id"], Indexes(database));
        queue.Enqueue(Change("router"));
        queue.Enqueue(Change("billing"));
        var taken = new List<string>();
        Assert.True(queue.TakeOldest(e => taken.Add(e.Service), 10));
        Assert.Equal(["router", "billing"], taken);
    }

    [Fact]
    public void A_file_from_an_earlier_build_loses_its_AtTicks_index_and_keeps_what_was_queued()
    {
        using (var old = DeployerDatabase.Open(_dir.File("deployer.db")))
        {
            var collection = old.GetCollection<NotificationDocument>(LiteDbNotificationQueue.CollectionName);
            collection.EnsureIndex(n => n.AtTicks);
            new LiteDbNotificationQueue(old).Enqueue(Change("router"));
            collection.EnsureIndex(n => n.AtTicks);
            Assert.Contains("AtTicks", Indexes(old));
        }

        using var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        var queue = new LiteDbNotificationQueue(database);

        Assert.Equal(["_id"], Indexes(database));
        DeployerEvent? kept = null;
        Assert.True(queue.TakeOldest(e => kept = e));
        Assert.Equal("router", kept?.Service);
    }

    [Fact]
    public void An_append_whose_transaction_rolls_back_is_never_taken_and_the_next_one_is()
    {
        using var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        var queue = new LiteDbNotificationQueue(database);

        Assert.Throws<InvalidOperationException>(() => LiteDbTransaction.Run(database, () =>
        {
            LiteDbNotificationQueue.Append(database, Change("router"));
            throw new InvalidOperationException("the state write failed after queueing its event");
        }));
        Assert.Equal(0, queue.Depth);
        Assert.False(queue.TakeOldest(_ => Assert.Fail("nothing was committed")));

        queue.Enqueue(Change("billing"));
        var taken = new List<string>();
        Assert.True(queue.TakeOldest(e => taken.Add(e.Service), 10));
        Assert.Equal(["billing"], taken);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_take_waits_for_an_append_whose_transaction_is_still_open_and_gets_it_once_committed()
    {
        using var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        var queue = new LiteDbNotificationQueue(database);
        using var appended = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => LiteDbTransaction.Run(database, () =>
        {
            LiteDbNotificationQueue.Append(database, Change("router"));
            appended.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        }));

        Assert.True(appended.Wait(TimeSpan.FromSeconds(30)));
        // Not committed yet: not counted, not taken, and the taker does not wait on the writer's lock.
        Assert.Equal(0, queue.Depth);
        Assert.False(queue.TakeOldest(_ => Assert.Fail("the append is not committed")));
        release.Set();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, queue.Depth);
        DeployerEvent? taken = null;
        Assert.True(queue.TakeOldest(e => taken = e));
        Assert.Equal("router", taken?.Service);
    }

    [Fact]
    public void A_failed_delivery_keeps_the_batch_and_what_was_queued_comes_back_in_order_after_reopening()
    {
        var path = _dir.File("deployer.db");
        using (var database = DeployerDatabase.Open(path))
        {
            var queue = new LiteDbNotificationQueue(database);
            foreach (var service in new[] { "router", "billing", "search" })
            {
                queue.Enqueue(Change(service));
            }

            Assert.Throws<IOException>(() => queue.TakeOldest(_ => throw new IOException("Slack's outbox write failed"), 2));
            Assert.Equal(3, queue.Depth);
            Assert.True(queue.TakeOldest(e => Assert.Equal("router", e.Service)));
        }

        using var reopened = DeployerDatabase.Open(path);
        var again = new LiteDbNotificationQueue(reopened);
        Assert.Equal(2, again.Depth);
        var taken = new List<string>();
        Assert.True(again.TakeOldest(e => taken.Add(e.Service), 10));
        Assert.Equal(["billing", "search"], taken);
        Assert.False(again.TakeOldest(_ => Assert.Fail("the queue is empty")));
    }

    [Fact]
    public void An_append_whose_commit_this_thread_cannot_see_is_refused_and_never_blocks_the_queue()
    {
        using var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        using var other = DeployerDatabase.Open(_dir.File("other.db"));
        var queue = new LiteDbNotificationQueue(database);

        // This thread's open transaction on the queue's database was joined from inside one on another database.
        Assert.Throws<InvalidOperationException>(() => LiteDbTransaction.Run(database, () =>
            LiteDbTransaction.Run(other, () => LiteDbNotificationQueue.Append(database, Change("router")))));

        queue.Enqueue(Change("billing"));
        var taken = new List<string>();
        Assert.True(queue.TakeOldest(e => taken.Add(e.Service), 10));
        Assert.Equal(["billing"], taken);
    }

    private static List<string> Indexes(LiteDB.LiteDatabase database) =>
        [.. database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", LiteDbNotificationQueue.CollectionName)).Select(d => d["name"].AsString).Order(StringComparer.Ordinal)];

    public void Dispose() => _dir.Dispose();
}
