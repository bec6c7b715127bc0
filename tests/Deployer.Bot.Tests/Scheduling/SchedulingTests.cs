using Deployer.Bot.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Deployer.Integrations.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployer.Bot.Tests.Scheduling;

public sealed class SchedulingTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_cycle_can_be_requested_now()
    {
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Engine:Interval"] = "01:00:00" });
        var runner = bot.Services.GetRequiredService<CycleRunner>();
        await Eventually.TrueAsync(() => runner.Status.Completed == 1, "the first cycle at start");

        await bot.Services.GetRequiredService<ICycleTrigger>().TriggerNowAsync();

        await Eventually.TrueAsync(() => runner.Status.Completed == 2, "the requested cycle", TimeSpan.FromSeconds(10));
        Assert.Equal(0, runner.Status.Reconciled);
    }

    [Fact]
    public async Task Slow_cycles_never_overlap()
    {
        ProbePlatform? probe = null;
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Engine:Interval"] = "00:00:00.050" }, services =>
        {
            services.RemoveAll<IReleasePlatform>();
            services.AddSingleton<IReleasePlatform>(sp => probe = new ProbePlatform(sp.GetRequiredService<LocalPlatform>()) { SnapshotDelay = TimeSpan.FromMilliseconds(300) });
        });
        var runner = bot.Services.GetRequiredService<CycleRunner>();
        var trigger = bot.Services.GetRequiredService<ICycleTrigger>();
        await trigger.TriggerNowAsync();
        await trigger.TriggerNowAsync();

        await Eventually.TrueAsync(() => runner.Status.Completed >= 4, "four slow cycles", TimeSpan.FromSeconds(15));
        Assert.Equal(1, probe!.MaxConcurrentSnapshots);
    }

    [Fact]
    public async Task Expired_holds_are_lifted_audited_and_announced()
    {
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Engine:Interval"] = "01:00:00" });
        var holds = bot.Services.GetRequiredService<IHoldStore>();
        var now = TimeProvider.System.GetUtcNow();
        await holds.AddAsync(new Hold { Service = "demo", Stage = "production", Reason = "db migration", By = "U0ALICE", CreatedAt = now, Until = now.AddMilliseconds(300) }, default);

        var audit = await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo"),
            a => a.Items().Any(e => e.Str("kind") == "HoldExpired"),
            "the hold expiry in the audit log");

        Assert.Contains("hold on demo production by U0ALICE expired: db migration", audit.Items().First(e => e.Str("kind") == "HoldExpired").Str("summary"), StringComparison.Ordinal);
        Assert.Empty(await holds.GetActiveAsync("demo", TimeProvider.System.GetUtcNow().AddYears(1), default));
        Assert.Contains(bot.Console.Lines, l => l.EndsWith("hold on demo production by U0ALICE expired: db migration", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
