using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

public sealed class DeployerDatabaseTests : IDisposable
{
    private readonly TempDir _dir = new();

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
