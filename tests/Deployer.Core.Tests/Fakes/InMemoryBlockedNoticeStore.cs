using System.Collections.Concurrent;
using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>The "blocked too long" mentions recorded, by key; outlives an engine (a restart keeps the store).</summary>
public sealed class InMemoryBlockedNoticeStore : IBlockedNoticeStore
{
    public ConcurrentDictionary<string, BlockedTooLong> Recorded { get; } = new(StringComparer.OrdinalIgnoreCase);

    private int _attempts;

    public int Attempts => _attempts;

    public Exception? Failure { get; set; }

    public Task<bool> TryRecordAsync(BlockedTooLong notice, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return Failure is { } failure ? Task.FromException<bool>(failure) : Task.FromResult(Recorded.TryAdd(notice.NoticeKey, notice));
    }
}
