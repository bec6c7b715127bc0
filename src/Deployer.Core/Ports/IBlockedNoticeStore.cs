using Deployer.Core.Events;

namespace Deployer.Core.Ports;

/// <summary>Remembers which "blocked too long" mentions were made, so each (pair, commit, check) is mentioned once.</summary>
public interface IBlockedNoticeStore
{
    /// <summary>
    /// Records <paramref name="notice"/> under its <see cref="BlockedTooLong.NoticeKey"/> and queues it for announcement,
    /// in one transaction; false (and nothing queued) when that key was recorded before.
    /// </summary>
    Task<bool> TryRecordAsync(BlockedTooLong notice, CancellationToken cancellationToken);
}
