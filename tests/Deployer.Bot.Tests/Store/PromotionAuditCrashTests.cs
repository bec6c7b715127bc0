using Deployer.Bot.Store;
using Deployer.Bot.Tests.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Promotions;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Store;

/// <summary>
/// The bot as a child process that dies (SIGKILL to itself, no cleanup, as kill -9) between writing a promotion's
/// ledger record and its audit entry. The two are one transaction, so the crash keeps neither; after a restart the
/// promotion is audited exactly once and the platform was called exactly once.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PromotionAuditCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Commit = "c0010000000ab";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_crash_between_a_completion_and_its_entry_keeps_the_intent_open_and_the_restart_audits_it_once()
    {
        Prepare();
        await CrashAtAsync(StoreFaults.PromotionCompleted);

        // The platform call ran; its completion and "succeeded" entry died together: the intent is open, one entry.
        Assert.Single(Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            Assert.Equal(PromotionOutcome.Open, Assert.Single(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 5, default)).Outcome);
            Assert.Equal([AuditKind.PromotionStarted], await PromotionKindsAsync(db));
        }

        await RestartUntilAsync("Reconciled promotion");

        Assert.Single(Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            var intent = Assert.Single(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 5, default));
            Assert.Equal(PromotionOutcome.Succeeded, intent.Outcome);
            Assert.Equal([AuditKind.PromotionReconciled, AuditKind.PromotionStarted], await PromotionKindsAsync(db));
            var settled = (await new LiteDbAuditLog(db).QueryAsync("crash", 50, default)).First(e => e.Kind == AuditKind.PromotionReconciled);
            Assert.Contains("succeeded", settled.Summary, StringComparison.Ordinal);
            Assert.Equal(intent.Id, settled.Data["intent"]);
        }
    }

    [Fact]
    public async Task A_crash_between_an_intent_and_its_entry_keeps_neither_and_the_restart_promotes_once()
    {
        Prepare();
        await CrashAtAsync(StoreFaults.PromotionBegun);

        Assert.Empty(Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            Assert.Empty(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 5, default));
            Assert.Empty(await PromotionKindsAsync(db));
        }

        await RestartUntilAsync("crash staging→production c001000 PROMOTED");

        Assert.Equal([("crash-production", Commit)], Calls());
        using (var db = DeployerDatabase.Open(_dir.File("data/deployer.db")))
        {
            Assert.Equal(PromotionOutcome.Succeeded, Assert.Single(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 5, default)).Outcome);
            Assert.Equal([AuditKind.PromotionSucceeded, AuditKind.PromotionStarted], await PromotionKindsAsync(db));
        }
    }

    private Task<string> CrashAtAsync(string point) => ChildBotRuns.CrashAtAsync(_dir.Path, Settings(), point, output);

    // Cycles run every 200 ms: a few more must neither promote again nor audit again.
    private Task<string> RestartUntilAsync(string line) => ChildBotRuns.RunUntilAsync(_dir.Path, Settings(), line, line, TimeSpan.FromSeconds(1), output);

    private static async Task<List<AuditKind>> PromotionKindsAsync(LiteDB.LiteDatabase db) =>
        [.. (await new LiteDbAuditLog(db).QueryAsync("crash", 50, default)).Select(e => e.Kind).Where(k => k.ToString().StartsWith("Promotion", StringComparison.Ordinal))];

    private List<(string Target, string Commit)> Calls() =>
        [.. File.ReadAllLines(_dir.File("calls.log")).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], p[1]))];

    private void Prepare() => CrashPipeline.Prepare(_dir, Commit);

    private static string[] Settings() => ChildBotRuns.Settings();

    public void Dispose() => _dir.Dispose();
}
