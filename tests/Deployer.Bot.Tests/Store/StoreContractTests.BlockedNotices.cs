using Deployer.Bot.Store;
using Deployer.Core.Events;

namespace Deployer.Bot.Tests.Store;

/// <summary>"Blocked too long" mentions (issue 16): recorded once per (pair, commit, check), with their announcement or not at all.</summary>
public abstract partial class StoreContractTests
{
    private static BlockedTooLong Notice(string check = "alerts", string commit = "4f2a1c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") => new()
    {
        ServiceName = "router",
        From = "staging",
        To = "production",
        Commit = commit,
        Check = check,
        Reason = "router is up: firing",
        Since = T0,
        At = T0.AddHours(2),
    };

    [Fact]
    public async Task A_blocked_notice_is_recorded_and_queued_once_per_pair_commit_and_check()
    {
        var stores = await OpenAsync();

        Assert.True(await stores.BlockedNotices.TryRecordAsync(Notice(), default));
        Assert.False(await stores.BlockedNotices.TryRecordAsync(Notice() with { ServiceName = "Router", At = T0.AddHours(3) }, default));
        Assert.True(await stores.BlockedNotices.TryRecordAsync(Notice("incidents"), default));
        Assert.True(await stores.BlockedNotices.TryRecordAsync(Notice(commit: "9f1c2abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), default));

        var reopened = await OpenAsync(again: true);
        Assert.False(await reopened.BlockedNotices.TryRecordAsync(Notice(), default));
        var queued = new List<DeployerEvent>();
        while (reopened.Notifications.TakeOldest(queued.Add))
        {
        }

        Assert.Equal(["alerts", "incidents", "alerts"], queued.Cast<BlockedTooLong>().Select(n => n.Check));
        Assert.Equal(Notice(), queued[0]);
    }

    [Fact]
    public async Task A_blocked_notice_and_its_announcement_are_kept_together_or_not_at_all()
    {
        var stores = await OpenAsync();
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() => stores.BlockedNotices.TryRecordAsync(Notice(), default));
            Assert.Equal($"crash at {StoreFaults.BlockedNoticeSaved}", crash.Message);
        }

        var reopened = await OpenAsync(again: true);
        Assert.Equal(0, reopened.Notifications.Depth);
        Assert.True(await reopened.BlockedNotices.TryRecordAsync(Notice(), default));
        Assert.Equal(1, reopened.Notifications.Depth);
    }
}
