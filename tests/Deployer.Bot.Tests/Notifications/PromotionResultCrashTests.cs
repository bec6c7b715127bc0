using Deployer.Bot.Store;
using Deployer.Bot.Tests.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Promotions;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// The bot as a child process that dies (SIGKILL to itself, no cleanup, as kill -9) right after a promotion's
/// completion is committed and before its Promoted decision is stored. The result's announcement (the "is live" reply in
/// Slack, the PROMOTED line on the console) was queued in the completion's transaction, so the restarted bot delivers it,
/// exactly once, and then moves the pair from promoting to in sync without announcing the promotion again.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PromotionResultCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Commit = "c0010000000ab";
    private const string Promoted = "crash staging→production c001000 PROMOTED";
    private const string InSync = "crash staging→production c001000 IN SYNC";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_crash_between_a_promotions_completion_and_its_decision_announces_the_result_once_after_the_restart()
    {
        Prepare();
        var crashed = await ChildBotRuns.CrashAtAsync(_dir.Path, Settings(), StoreFaults.PromotionCompletionCommitted, output);
        Assert.DoesNotContain(Promoted, crashed, StringComparison.Ordinal);

        // Completed and announced in one transaction; the decision row still says promoting.
        Assert.Equal(["crash-production " + Commit], Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            Assert.Equal(PromotionOutcome.Succeeded, Assert.Single(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 5, default)).Outcome);
            Assert.Equal(DecisionKind.Promoting, Assert.Single(await new LiteDbDecisionStore(db).GetAllAsync("crash", default)).Kind);
            Assert.Equal(1, new LiteDbNotificationQueue(db).Depth);
        }

        // Cycles run every 200 ms: the second after the line are several more, none of which may announce it again.
        var restarted = await ChildBotRuns.RunUntilAsync(_dir.Path, Settings(), InSync, "the pair in sync after the restart", TimeSpan.FromSeconds(1), output);
        Assert.Equal(1, Count(restarted, Promoted));
        Assert.Equal(1, Count(restarted, InSync));
        Assert.True(restarted.IndexOf(Promoted, StringComparison.Ordinal) < restarted.IndexOf(InSync, StringComparison.Ordinal), "the result is announced before the pair is in sync");

        Assert.Equal(["crash-production " + Commit], Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            Assert.Equal(DecisionKind.InSync, Assert.Single(await new LiteDbDecisionStore(db).GetAllAsync("crash", default)).Kind);
            Assert.Equal(0, new LiteDbNotificationQueue(db).Depth);
            var kinds = (await new LiteDbAuditLog(db).QueryAsync("crash", 50, default)).Select(e => e.Kind).Where(k => k != AuditKind.Decision);
            Assert.Equal([AuditKind.PromotionSucceeded, AuditKind.PromotionStarted], kinds);
        }
    }

    private static int Count(string text, string line) => text.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal));

    private List<string> Calls() => [.. File.ReadAllLines(_dir.File("calls.log")).Where(l => l.Length > 0)];

    private void Prepare() => CrashPipeline.Prepare(_dir, Commit);

    private static string[] Settings() => ChildBotRuns.Settings();

    public void Dispose() => _dir.Dispose();
}
