using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

public sealed class DeployerDatabaseTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Document_types_are_mapped_before_threads_first_write_them_side_by_side()
    {
        // LiteDB's BsonMapper publishes a type's mapping before filling in its members; two stores first writing a type at
        // once saw it half built ("Member Id not found on BsonMapper"). Each round is a new database, so a new mapper.
        for (var round = 0; round < 40; round++)
        {
            using var database = DeployerDatabase.InMemory();
            using var start = new Barrier(8);
            var documents = new LiteDB.BsonDocument[8];
            var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                documents[i] = database.Mapper.ToDocument(new AuditDocument { Id = i, Key = $"router|{i}", Service = "router", Data = { ["k"] = "v" } });
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.All(documents, d => Assert.Equal(["_id", "Key", "Service", "Data"], d.Keys.Where(k => k is "_id" or "Key" or "Service" or "Data")));
        }
    }

    [Fact]
    public async Task A_hard_kill_loses_no_committed_write()
    {
        // Copy the data file and its log while the database is still open and never checkpointed: what a kill -9 leaves.
        var path = _dir.File("live/deployer.db");
        var crashed = _dir.File("crashed/deployer.db");
        var db = DeployerDatabase.Open(path);
        var audit = new LiteDbAuditLog(db);
        var ledger = new LiteDbPromotionLedger(db);
        for (var i = 0; i < 100; i++)
        {
            await audit.AppendAsync(LiteDbAuditLogTests.Entry("router", $"entry {i}", DateTimeOffset.UnixEpoch), default);
        }

        var intent = LiteDbPromotionLedgerTests.Intent("router");
        await ledger.TryBeginAsync(intent, default);

        Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!))
        {
            File.Copy(file, Path.Combine(Path.GetDirectoryName(crashed)!, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(_dir.File("crashed/deployer-log.db")), "the writes should still sit in the log file, not checkpointed");
        using var reopened = DeployerDatabase.Open(crashed);
        Assert.Equal("entry 99", (await new LiteDbAuditLog(reopened).QueryAsync("router", 1, default))[0].Summary);
        Assert.Equal(100, (await new LiteDbAuditLog(reopened).QueryAsync(null, 1000, default)).Count);
        var open = Assert.Single(await new LiteDbPromotionLedger(reopened).GetOpenAsync(default));
        Assert.Equal(intent.Id, open.Id);
        Assert.Equal(PromotionOutcome.Open, open.Outcome);
        db.Dispose();
    }

    [Fact]
    public void Creates_the_folder_of_the_file()
    {
        using var db = DeployerDatabase.Open(_dir.File("a/b/c/deployer.db"));
        Assert.True(Directory.Exists(_dir.File("a/b/c")));
    }

    public void Dispose() => _dir.Dispose();
}
