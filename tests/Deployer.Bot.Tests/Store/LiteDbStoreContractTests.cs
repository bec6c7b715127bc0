using Deployer.Bot.ChatOps.Storage;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using LiteDB;

namespace Deployer.Bot.Tests.Store;

/// <summary>The store contract on the LiteDB file (a fresh file per test; "again" reopens it, as after a restart).</summary>
public sealed class LiteDbStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<LiteDatabase> _open = [];

    private protected override Task<StoreSet> OpenAsync(bool again = false)
    {
        if (again)
        {
            foreach (var db in _open)
            {
                db.Dispose();
            }

            _open.Clear();
        }

        var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        _open.Add(database);
        var holds = new LiteDbHoldStore(database);
        return Task.FromResult(new StoreSet(
            new LiteDbDecisionStore(database), new LiteDbPromotionLedger(database), holds, holds, new LiteDbAuditLog(database),
            new LiteDbTestResultStore(database), new LiteDbForceRequestStore(database, Time), new OutboxStore(database, Time), new LiteDbNotificationQueue(database),
            new LiteDbVerificationStore(database), new LiteDbBlockedNoticeStore(database)));
    }

    public void Dispose()
    {
        foreach (var db in _open)
        {
            db.Dispose();
        }

        _dir.Dispose();
    }
}
