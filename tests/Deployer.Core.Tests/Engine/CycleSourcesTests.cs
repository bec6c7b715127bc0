using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

public sealed class CycleSourcesTests
{
    private readonly EngineHarness _h = new();

    private static ChecksSpec Everything(long alertId) => new()
    {
        Alerts = [new AlertSpec { Name = $"Alert{alertId}", Source = "alertmanager", AlertId = alertId }],
        Incidents = new IncidentsSpec([$"pd-{alertId}"]),
        IntegrationTests = new IntegrationTestsSpec("e2e", TimeSpan.Zero),
        Branch = new BranchSpec(),
    };

    [Fact]
    public async Task Each_outside_source_is_asked_once_per_cycle_however_many_pairs_watch_it()
    {
        for (var i = 1; i <= 4; i++)
        {
            var id = i;
            _h.Add(ManifestBuilder.For($"svc{i}").Stage("dev").Stage("staging").Stage("production").Checks(Everything(id)).Build());
            _h.Platform
                .Set($"svc{i}-dev", Rel.Of(Rel.C, EngineHarness.Now.AddHours(-2)))
                .Set($"svc{i}-staging", Rel.Of(Rel.B, EngineHarness.Now.AddHours(-2)))
                .Set($"svc{i}-production", Rel.Of(Rel.A, EngineHarness.Now.AddDays(-1)));
            _h.Alerts.Ok($"Alert{i}");
        }

        var report = await _h.CycleAsync();

        Assert.Equal(8, report.Decisions.Count);
        Assert.Equal(1, _h.Alerts.Calls);
        Assert.Equal(4, _h.Alerts.LastAsked.Count);
        Assert.Equal(1, _h.Incidents.Calls);
        Assert.Equal(8, _h.Tests.Calls); // per service and commit: each pair asks about its own commit
        Assert.Equal(8, _h.Commits.Calls);
        Assert.Equal(report.OutsideCalls, _h.Alerts.Calls + _h.Incidents.Calls + _h.Tests.Calls + _h.Commits.Calls);
    }

    [Fact]
    public async Task Nothing_outside_is_asked_when_everything_is_in_sync()
    {
        for (var i = 1; i <= 3; i++)
        {
            _h.TwoStage($"svc{i}", Rel.A, Rel.A, TimeSpan.FromHours(1), b => b.Checks(Everything(i)));
        }

        var report = await _h.CycleAsync();

        Assert.All(report.Decisions, d => Assert.Equal(DecisionKind.InSync, d.Kind));
        Assert.Equal(0, report.OutsideCalls);
        Assert.Equal((0, 0, 0, 0), (_h.Alerts.Calls, _h.Incidents.Calls, _h.Tests.Calls, _h.Commits.Calls));
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task A_failing_source_is_asked_once_and_every_pair_watching_it_is_blocked()
    {
        for (var i = 1; i <= 3; i++)
        {
            var id = i;
            _h.TwoStage($"svc{i}", Rel.B, Rel.A, TimeSpan.FromHours(1), b => b.Checks(new ChecksSpec { Alerts = Everything(id).Alerts }));
        }

        _h.Alerts.Failure = new HttpRequestException("alertmanager unreachable");

        var report = await _h.CycleAsync();

        Assert.Equal(1, _h.Alerts.Calls);
        Assert.All(report.Decisions, d => Assert.Equal(DecisionKind.Blocked, d.Kind));
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Every_cycle_asks_afresh()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(1), b => b.Checks(new ChecksSpec { Alerts = Everything(1).Alerts, ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromDays(1)) }));
        _h.Alerts.Ok("Alert1");

        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Equal(2, _h.Alerts.Calls);
    }
}
