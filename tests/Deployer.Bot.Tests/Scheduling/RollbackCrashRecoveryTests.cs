using Deployer.Bot.Notifications;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Rollback;
using Deployer.Integrations.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployer.Bot.Tests.Scheduling;

/// <summary>
/// The process dies between writing a rollback's intent and recording its outcome (the LiteDB files copied as a kill
/// leaves them); the real host starts on that file and settles the rollback without running it a second time.
/// </summary>
public sealed class RollbackCrashRecoveryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ServiceManifest _manifest = ManifestParser.Parse(TestBot.DemoManifest, "demo.json").Manifest!;

    [Fact]
    public async Task Dying_after_the_platform_rolled_back_settles_it_as_rolled_back_without_a_second_rollback()
    {
        var (store, promoted, previous) = await CrashMidRollbackAsync(p => p.HangAfterRollingBack = true);

        var after = await RestartAsync(store);

        Assert.Equal(0, after.Rollbacks);
        Assert.Equal(0, after.Promotions);
        var rollback = Assert.Single(after.Ledger, i => i.Kind == IntentKind.Rollback);
        Assert.Equal(PromotionOutcome.Succeeded, rollback.Outcome);
        Assert.Contains("resumed", rollback.Message, StringComparison.Ordinal);
        Assert.Equal(previous, after.ProductionCommit);
        Assert.Contains(after.Audit, e => e.Kind == AuditKind.RolledBack && e.Actor == "engine" && e.Data["from-commit"] == promoted);
        Assert.Equal("Held", after.Decision);
    }

    [Fact]
    public async Task Dying_before_the_platform_acted_abandons_the_rollback_and_never_runs_it_again()
    {
        var (store, promoted, _) = await CrashMidRollbackAsync(p => p.HangBeforeRollingBack = true);

        var after = await RestartAsync(store);

        Assert.Equal(0, after.Rollbacks);
        Assert.Equal(0, after.Promotions);
        var rollback = Assert.Single(after.Ledger, i => i.Kind == IntentKind.Rollback);
        Assert.Equal(PromotionOutcome.Abandoned, rollback.Outcome);
        Assert.Contains("not run again", rollback.Message, StringComparison.Ordinal);
        Assert.Equal(promoted, after.ProductionCommit);
        Assert.Contains(after.Audit, e => e.Kind == AuditKind.PromotionReconciled && e.Summary.Contains("open rollback", StringComparison.Ordinal));
    }

    /// <summary>Promotes once, then starts a rollback that never returns, and copies the store files as a kill would leave them.</summary>
    private async Task<(string Store, string Promoted, string Previous)> CrashMidRollbackAsync(Action<ProbePlatform> hang)
    {
        var live = _dir.File("live/deployer.db");
        var db = DeployerDatabase.Open(live);
        var probe = new ProbePlatform(new LocalPlatform(db, TimeProvider.System, new Random(1)));
        var state = new EngineState(
            new LiteDbHoldStore(db), new LiteDbPromotionLedger(db), new LiteDbDecisionStore(db), new LiteDbAuditLog(db), NoEventPublisher.Instance);
        var catalog = new ManifestCatalog([_manifest]);
        var engine = new PromotionEngine(catalog, new PlatformRegistry([probe]), EngineSources.None, state, new EngineOptions(), TimeProvider.System);
        var before = (await probe.GetSnapshotAsync(_manifest, default)).Get("demo-production").Release!.Commit;
        await engine.RunCycleAsync(CancellationToken.None);
        var promoted = (await probe.GetSnapshotAsync(_manifest, default)).Get("demo-production").Release!.Commit;
        Assert.NotEqual(before, promoted);

        hang(probe);
        var rollback = new StageRollback(catalog, new PlatformRegistry([probe]), state, new EngineOptions(), TimeProvider.System);
        _ = rollback.RollbackAsync(new RollbackRequest("demo", "production", "U0ALICE", "5xx after deploy"), CancellationToken.None);
        await probe.RollbackStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(IntentKind.Rollback, Assert.Single(await state.Ledger.GetOpenAsync(default)).Kind);

        var crashedDir = _dir.File("crashed");
        Directory.CreateDirectory(crashedDir);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(live)!))
        {
            File.Copy(file, Path.Combine(crashedDir, Path.GetFileName(file)));
        }

        // The hung rollback keeps the live file; the restart gets the copy.
        return (Path.Combine(crashedDir, "deployer.db"), promoted, before);
    }

    private async Task<Restarted> RestartAsync(string store)
    {
        ProbePlatform? probe = null;
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Store:Path"] = store }, services =>
        {
            services.RemoveAll<IReleasePlatform>();
            services.AddSingleton<IReleasePlatform>(sp => probe = new ProbePlatform(sp.GetRequiredService<LocalPlatform>()));
        });
        var runner = bot.Services.GetRequiredService<CycleRunner>();
        await Eventually.TrueAsync(() => runner.Status.Completed >= 3, "three cycles after the restart");
        Assert.Equal(1, runner.Status.Reconciled);

        var ledger = bot.Services.GetRequiredService<IPromotionLedger>();
        Assert.Empty(await ledger.GetOpenAsync(default));
        var production = (await bot.Services.GetRequiredService<LocalPlatform>().GetSnapshotAsync(_manifest, default)).Get("demo-production").Release!.Commit;
        return new Restarted(
            await ledger.GetRecentAsync("demo", 10, default),
            await bot.Services.GetRequiredService<IAuditLog>().QueryAsync("demo", 100, default),
            probe!.Rollbacks,
            probe.Promotions,
            production,
            (await ApiJson.GetAsync(bot.Http, "/api/pipelines"))[0].GetProperty("pairs")[0].Str("decision"));
    }

    public void Dispose() => _dir.Dispose();

    private sealed record Restarted(
        IReadOnlyList<PromotionIntent> Ledger, IReadOnlyList<AuditEntry> Audit, int Rollbacks, int Promotions, string ProductionCommit, string? Decision);
}
