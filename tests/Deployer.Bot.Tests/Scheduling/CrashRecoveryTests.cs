using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Integrations.Local;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployer.Bot.Tests.Scheduling;

/// <summary>The process dies between writing a promotion's intent and recording its outcome; a fresh host starts on the same file.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Dying_after_the_platform_promoted_settles_the_intent_as_succeeded_without_promoting_again()
    {
        var crashed = await CrashMidPromotionAsync(p => p.HangAfterPromoting = true);

        var (ledger, audit, localPromotions, promotionsAfterRestart, console) = await RestartAsync(crashed);

        Assert.Equal(0, promotionsAfterRestart);
        Assert.Equal(1, localPromotions);
        var only = Assert.Single(ledger);
        Assert.Equal(PromotionOutcome.Succeeded, only.Outcome);
        Assert.Contains("resumed", only.Message, StringComparison.Ordinal);
        Assert.Contains(audit, e => e.Kind == AuditKind.PromotionReconciled);
        // The settlement is announced once, with its outcome (queued with it).
        Assert.Single(console, l => l.Contains("SETTLED after a restart: SUCCEEDED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dying_before_the_platform_acted_abandons_the_intent_and_promotes_exactly_once()
    {
        var crashed = await CrashMidPromotionAsync(p => p.HangBeforePromoting = true);

        var (ledger, audit, localPromotions, promotionsAfterRestart, console) = await RestartAsync(crashed);

        Assert.Equal(1, promotionsAfterRestart);
        Assert.Equal(1, localPromotions);
        Assert.Equal([PromotionOutcome.Succeeded, PromotionOutcome.Abandoned], ledger.Select(i => i.Outcome));
        Assert.Contains(audit, e => e.Kind == AuditKind.PromotionReconciled && e.Summary.Contains("abandoned", StringComparison.Ordinal));
        // Abandoned (it never ran) is not announced: the next cycle promoted the pair afresh and said so.
        Assert.DoesNotContain(console, l => l.Contains("SETTLED after a restart", StringComparison.Ordinal));
    }

    /// <summary>Runs a cycle whose promotion never returns, and copies the store files as a kill would leave them.</summary>
    private async Task<string> CrashMidPromotionAsync(Action<ProbePlatform> hang)
    {
        var live = _dir.File("live/deployer.db");
        var db = DeployerDatabase.Open(live);
        var probe = new ProbePlatform(new LocalPlatform(db, TimeProvider.System, new Random(1)));
        hang(probe);
        var manifest = ManifestParser.Parse(TestBot.DemoManifest, "demo.json").Manifest!;
        var state = new EngineState(new LiteDbHoldStore(db), new LiteDbPromotionLedger(db), new LiteDbDecisionStore(db), new LiteDbAuditLog(db), Deployer.Core.Events.NoEventPublisher.Instance);
        var engine = new PromotionEngine(new ManifestCatalog([manifest]), new PlatformRegistry([probe]), EngineSources.None, state, new EngineOptions(), TimeProvider.System);

        _ = engine.RunCycleAsync(CancellationToken.None);
        await probe.PromotionStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await state.Ledger.GetOpenAsync(default));

        var crashedDir = _dir.File("crashed");
        Directory.CreateDirectory(crashedDir);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(live)!))
        {
            File.Copy(file, Path.Combine(crashedDir, Path.GetFileName(file)));
        }

        // The hung cycle keeps the live file; the restart gets the copy, and the live database is simply abandoned.
        return Path.Combine(crashedDir, "deployer.db");
    }

    private async Task<(IReadOnlyList<PromotionIntent> Ledger, IReadOnlyList<AuditEntry> Audit, int LocalPromotions, int PromotionsAfterRestart, IReadOnlyList<string> Console)> RestartAsync(string store)
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
        Assert.Equal("InSync", (await ApiJson.GetAsync(bot.Http, "/api/pipelines"))[0].GetProperty("pairs")[0].Str("decision"));

        var ledger = bot.Services.GetRequiredService<IPromotionLedger>();
        Assert.Empty(await ledger.GetOpenAsync(default));
        var db = bot.Services.GetRequiredService<LiteDatabase>();
        return (
            await ledger.GetRecentAsync("demo", 10, default),
            await bot.Services.GetRequiredService<IAuditLog>().QueryAsync("demo", 100, default),
            db.GetCollection("local_promotions").Count(),
            probe!.Promotions,
            [.. bot.Console.Lines]);
    }

    public void Dispose() => _dir.Dispose();
}
