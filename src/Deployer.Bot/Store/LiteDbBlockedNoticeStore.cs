using Deployer.Core.Events;
using Deployer.Core.Ports;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary><see cref="IBlockedNoticeStore"/> in LiteDB: one document per (pair, commit, check), inserted with its announcement.</summary>
public sealed class LiteDbBlockedNoticeStore : IBlockedNoticeStore
{
    public const string CollectionName = "blocked_notices";
    private readonly ILiteCollection<BlockedNoticeDocument> _notices;
    private readonly LiteDatabase _database;
    private readonly Lock _lock = new();

    public LiteDbBlockedNoticeStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
        _notices = database.GetCollection<BlockedNoticeDocument>(CollectionName);
        _notices.EnsureIndex(n => n.Service);
    }

    public Task<bool> TryRecordAsync(BlockedTooLong notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        lock (_lock)
        {
            return Task.FromResult(LiteDbTransaction.Run(_database, () =>
            {
                var key = notice.NoticeKey;
                if (_notices.FindById(key) is not null)
                {
                    return false;
                }

                _notices.Insert(new BlockedNoticeDocument { Id = key, Service = notice.Service.ToLowerInvariant(), AtTicks = notice.At.UtcTicks });
                StoreFaults.Hit(StoreFaults.BlockedNoticeSaved);
                LiteDbNotificationQueue.Append(_database, notice);
                return true;
            }));
        }
    }
}
