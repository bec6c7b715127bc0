using Deployer.Core.Checks;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

/// <summary>"Blocked too long": one mention per (pair, commit, check) past Engine:BlockedMentionAfter, never twice, not even after a restart.</summary>
public sealed class BlockedWatchTests
{
    private readonly EngineHarness _h = new();

    private static AlertSpec Alert(string name) => new() { Name = name, Source = "alertmanager", Matchers = ["alertname=\"" + name + "\""] };

    private void Router(ChecksSpec checks) => _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(3), b => b.Checks(checks));

    private List<BlockedTooLong> Mentions => [.. _h.Notifier.Events.OfType<BlockedTooLong>()];

    /// <summary>Cycles every 10 minutes for <paramref name="span"/>.</summary>
    private async Task RunForAsync(PromotionEngine engine, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t <= span; t += TimeSpan.FromMinutes(10))
        {
            await engine.RunCycleAsync(CancellationToken.None);
            _h.Time.Advance(TimeSpan.FromMinutes(10));
        }
    }

    [Fact]
    public async Task A_check_failing_for_longer_than_two_hours_is_mentioned_once()
    {
        Router(new ChecksSpec { Alerts = [Alert("RouterDown")] });
        _h.Alerts.Firing("RouterDown");
        var started = _h.Time.GetUtcNow();

        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(110));
        Assert.Empty(Mentions);

        await RunForAsync(_h.Engine, TimeSpan.FromHours(3));

        var mention = Assert.Single(Mentions);
        Assert.Equal(("router", "staging", "production", CheckNames.Alerts, Rel.B), (mention.Service, mention.From, mention.To, mention.Check, mention.Commit));
        Assert.Equal(started, mention.Since);
        Assert.True(mention.At - mention.Since >= TimeSpan.FromHours(2) && mention.At - mention.Since < TimeSpan.FromHours(2) + TimeSpan.FromMinutes(11), $"mentioned after {mention.At - mention.Since}");
        Assert.Contains("RouterDown", mention.Reason, StringComparison.Ordinal);
        Assert.Single(_h.BlockedNotices.Recorded);
    }

    [Fact]
    public async Task A_restarted_engine_does_not_mention_again_and_counts_from_the_stored_decision()
    {
        Router(new ChecksSpec { Alerts = [Alert("RouterDown")] });
        _h.Alerts.Firing("RouterDown");
        await RunForAsync(_h.Engine, TimeSpan.FromHours(2) + TimeSpan.FromMinutes(10));
        Assert.Single(Mentions);

        var restarted = new PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new PlatformRegistry([_h.Platform]), new EngineSources([_h.Alerts], [], [], []),
            _h.State, _h.Options, _h.Time);
        await restarted.HydrateAsync(CancellationToken.None);
        await RunForAsync(restarted, TimeSpan.FromHours(3));

        Assert.Single(Mentions);
        Assert.True(_h.BlockedNotices.Attempts >= 2, "the restarted engine asked the store, which refused the repeat");
    }

    [Fact]
    public async Task After_a_restart_the_time_already_blocked_counts()
    {
        Router(new ChecksSpec { Alerts = [Alert("RouterDown")] });
        _h.Alerts.Firing("RouterDown");
        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(90));
        Assert.Empty(Mentions);

        var restarted = new PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new PlatformRegistry([_h.Platform]), new EngineSources([_h.Alerts], [], [], []),
            _h.State, _h.Options, _h.Time);
        await restarted.HydrateAsync(CancellationToken.None);
        await RunForAsync(restarted, TimeSpan.FromMinutes(30));

        var mention = Assert.Single(Mentions);
        Assert.Equal(EngineHarness.Now, mention.Since);
    }

    [Fact]
    public async Task A_new_commit_or_a_different_check_is_a_new_mention_and_a_cleared_check_starts_over()
    {
        Router(new ChecksSpec { Alerts = [Alert("RouterDown")], IntegrationTests = new IntegrationTestsSpec("direwolf", TimeSpan.Zero) });
        _h.Alerts.Firing("RouterDown");
        _h.Tests.Set(Rel.B, "direwolf", TestRunStatus.Failed, _h.Time.GetUtcNow());
        await RunForAsync(_h.Engine, TimeSpan.FromHours(2) + TimeSpan.FromMinutes(10));
        Assert.Equal([CheckNames.Alerts, CheckNames.IntegrationTests], Mentions.Select(m => m.Check).Order(StringComparer.Ordinal));

        _h.Platform.Set("router-staging", Rel.Of(Rel.C, _h.Time.GetUtcNow() - TimeSpan.FromHours(3), 3));
        _h.Tests.Set(Rel.C, "direwolf", TestRunStatus.Passed, _h.Time.GetUtcNow());
        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(100));
        Assert.Equal(2, Mentions.Count);
        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(30));

        Assert.Equal(3, Mentions.Count);
        Assert.Equal((Rel.C, CheckNames.Alerts), (Mentions[2].Commit, Mentions[2].Check));
    }

    [Fact]
    public async Task Waits_that_clear_by_themselves_and_holds_are_never_mentioned()
    {
        Router(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(8)) });

        await RunForAsync(_h.Engine, TimeSpan.FromHours(4));

        Assert.Empty(Mentions);
        Assert.Equal(0, _h.BlockedNotices.Attempts);
    }

    [Fact]
    public async Task A_store_failure_is_retried_next_cycle()
    {
        _h.Options.BlockedMentionAfter = TimeSpan.FromMinutes(30);
        Router(new ChecksSpec { Alerts = [Alert("RouterDown")] });
        _h.Alerts.Firing("RouterDown");
        _h.BlockedNotices.Failure = new IOException("disk full");
        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(40));
        Assert.Empty(Mentions);

        _h.BlockedNotices.Failure = null;
        await RunForAsync(_h.Engine, TimeSpan.FromMinutes(20));

        Assert.Single(Mentions);
    }
}
