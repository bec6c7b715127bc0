using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

public sealed class PromotionEngineNotificationTests
{
    private const string Key = "router/staging->production";
    private readonly EngineHarness _h = new();

    private static AlertSpec Alert(string name, long id, CheckMode mode = CheckMode.Enforce) =>
        new() { Name = name, Source = "alertmanager", AlertId = id, Mode = mode };

    private void Router(TimeSpan age, ChecksSpec checks) => _h.TwoStage("router", Rel.B, Rel.A, age, b => b.Checks(checks));

    [Fact]
    public async Task Second_identical_cycle_announces_nothing()
    {
        Router(TimeSpan.FromMinutes(5), new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) });

        var first = await _h.CycleAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _h.CycleAsync();

        Assert.Equal(1, first.Changed);
        Assert.Equal(0, second.Changed);
        var change = Assert.Single(_h.Notifier.Changes);
        Assert.Null(change.Previous);
        Assert.Equal(DecisionKind.Blocked, change.Current.Kind);
        Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.Decision);
    }

    [Fact]
    public async Task A_check_outcome_flipping_is_announced_once()
    {
        Router(TimeSpan.FromMinutes(5), new ChecksSpec
        {
            ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)),
            Alerts = [Alert("HighLatency", 1, CheckMode.Shadow)],
        });
        _h.Alerts.Ok("HighLatency");
        await _h.CycleAsync();

        _h.Alerts.Firing("HighLatency");
        await _h.CycleAsync();
        await _h.CycleAsync();

        var changes = _h.Notifier.For(Key);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(DecisionKind.Blocked, c.Kind));
        Assert.Equal("shadow-fail", changes[1].Checks.Single(c => c.Check == "alerts").OutcomeLabel);
    }

    [Fact]
    public async Task Bake_time_passing_announces_the_promotion_and_then_in_sync()
    {
        Router(TimeSpan.FromMinutes(50), new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) });
        await _h.CycleAsync();

        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Equal(
            [DecisionKind.Blocked, DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.InSync],
            _h.Notifier.For(Key).Select(d => d.Kind));
    }

    [Fact]
    public async Task Decisions_already_stored_are_not_announced_again_after_a_restart()
    {
        Router(TimeSpan.FromMinutes(5), new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) });
        await _h.CycleAsync();

        var restarted = new Core.Engine.PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new Ports.PlatformRegistry([_h.Platform]), Core.Engine.EngineSources.None,
            new Core.Engine.EngineState(_h.Holds, _h.Ledger, _h.Decisions, _h.Audit, _h.Notifier), _h.Options, _h.Time);
        await restarted.HydrateAsync(CancellationToken.None);
        var report = await restarted.RunCycleAsync(CancellationToken.None);

        Assert.Equal(0, report.Changed);
        Assert.Single(_h.Notifier.Changes);
    }

    [Fact]
    public async Task A_failing_publisher_does_not_stop_the_cycle_and_every_change_is_still_stored()
    {
        var broken = NSubstitute.Substitute.For<Ports.IEventPublisher>();
        NSubstitute.SubstituteExtensions.ReturnsForAnyArgs(broken.PublishAsync(default!, default), Task.FromException(new InvalidOperationException("slack down")));
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var engine = new Core.Engine.PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new Ports.PlatformRegistry([_h.Platform]), Core.Engine.EngineSources.None,
            new Core.Engine.EngineState(_h.Holds, _h.Ledger, _h.Decisions, _h.Audit, broken), _h.Options, _h.Time);

        var report = await engine.RunCycleAsync(CancellationToken.None);

        Assert.Equal(DecisionKind.Promoted, Assert.Single(report.Decisions).Kind);
        Assert.Equal(DecisionKind.Promoted, (await _h.Decisions.GetLastAsync(report.Decisions[0].PairKey, default))!.Kind);
        await NSubstitute.SubstituteExtensions.ReceivedWithAnyArgs(broken, 2).PublishAsync(default!, default);
    }
}
