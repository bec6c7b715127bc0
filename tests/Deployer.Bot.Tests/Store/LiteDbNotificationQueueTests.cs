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

    private static List<string> Indexes(LiteDB.LiteDatabase database) =>
        [.. database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", LiteDbNotificationQueue.CollectionName)).Select(d => d["name"].AsString).Order(StringComparer.Ordinal)];

    public void Dispose() => _dir.Dispose();
}
