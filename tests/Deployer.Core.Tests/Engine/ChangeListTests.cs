using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Tests.Engine;

/// <summary>The change list of a pending diff: read once per diff, carried in the announcement, never in a promotion's way.</summary>
public sealed class ChangeListTests
{
    private const string Key = "router/staging->production";
    private readonly EngineHarness _h = new();

    private static CommitRange Range(int total, string from = "x", string to = "y") =>
        new($"https://github.com/acme/router/compare/{from[..7]}...{to[..7]}",
            [.. Enumerable.Range(0, Math.Min(total, 250)).Select(i => new CommitSummary($"{i:x7}{new string('0', 33)}", $"Change {i}", "ana"))])
        { TotalCommits = total };

    private IReadOnlyList<DecisionChanged> Announced => [.. _h.Notifier.Events.OfType<DecisionChanged>().Where(c => c.Current.PairKey == Key)];

    private void Router(TimeSpan age, ChecksSpec? checks = null) =>
        _h.TwoStage("router", Rel.B, Rel.A, age, b => b.Checks(checks ?? new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) }));

    [Fact]
    public async Task Changes_are_read_once_per_diff_over_many_cycles_and_decision_updates()
    {
        _h.Commits.Range = (from, to) => Range(3, from, to);
        Router(TimeSpan.FromMinutes(5), new ChecksSpec
        {
            ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)),
            Alerts = [new AlertSpec { Name = "HighLatency", Source = "alertmanager", AlertId = 1, Mode = CheckMode.Shadow }],
        });
        _h.Alerts.Ok("HighLatency");
        for (var i = 0; i < 5; i++)
        {
            await _h.CycleAsync();
            _h.Alerts.Firing("HighLatency");
            await _h.CycleAsync();
            _h.Alerts.Ok("HighLatency");
        }

        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.CycleAsync();
        await _h.CycleAsync();
        _h.Platform.Set("router-staging", Rel.Of(Rel.C, _h.Time.GetUtcNow() - TimeSpan.FromHours(2), 3));
        await _h.CycleAsync();
        await _h.CycleAsync();

        // C promotes at once (its announcements never wait for a read), so its read may still be starting on the pool.
        await Eventually.TrueAsync(() => _h.Commits.Compared.Count >= 2, "the read of the second diff");
        Assert.Equal([(Rel.A, Rel.B), (Rel.B, Rel.C)], _h.Commits.Compared.ToList());
        var kinds = Announced.Select(c => c.Current.Kind).ToList();
        Assert.True(kinds.Count(k => k == DecisionKind.Blocked) >= 10, string.Join(",", kinds));
        // The first diff was read while it was blocked, so even its promotion's announcements carry it.
        Assert.All(Announced.Where(c => c.Current.Kind != DecisionKind.InSync && c.Current.Commit == Rel.B), c =>
        {
            Assert.True(c.Changes is not null, DecisionText.OneLine(c.Current));
            Assert.NotNull(c.Changes);
            Assert.Equal(3, c.Changes.TotalCommits);
            Assert.Equal(c.Current.Commit, c.Changes.To);
        });
        Assert.Equal(Rel.A, Announced[0].Changes!.From);
        Assert.Equal([DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.InSync], Announced.Where(c => c.Current.Commit == Rel.C).Select(c => c.Current.Kind));
    }

    [Fact]
    public async Task The_total_is_kept_and_only_ten_are_listed()
    {
        _h.Commits.Range = (from, to) => Range(412, from, to);
        Router(TimeSpan.FromMinutes(5));

        await _h.CycleAsync();

        var changes = Assert.Single(Announced).Changes!;
        Assert.Equal((412, 10, 402), (changes.TotalCommits, changes.Listed.Count, changes.More));
        Assert.Equal("https://github.com/acme/router/compare/aaaaaaa...bbbbbbb", changes.CompareUrl);
    }

    [Fact]
    public async Task A_failing_compare_never_blocks_a_promotion_and_is_asked_once()
    {
        _h.Commits.CompareFailure = new HttpRequestException("GitHub: HTTP 502 Bad Gateway");
        Router(TimeSpan.FromHours(2));

        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Equal([DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.InSync], Announced.Select(c => c.Current.Kind));
        Assert.All(Announced, c => Assert.Null(c.Changes));
        Assert.Equal(1, _h.Platform.PromoteCalls);
        // The read runs beside the promotion, never before it: it may still be starting when the cycles end.
        await Eventually.TrueAsync(() => _h.Commits.CompareCalls >= 1, "the one read of the diff");
        Assert.Equal(1, _h.Commits.CompareCalls);
    }

    [Fact]
    public async Task A_compare_that_never_answers_does_not_delay_a_promotion()
    {
        var never = new TaskCompletionSource();
        _h.Commits.CompareGate = never.Task;
        _h.Commits.Range = (from, to) => Range(2, from, to);
        Router(TimeSpan.FromHours(2));

        // No clock is moved: a promotion that waited for the compare would hang here.
        var report = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Promoted, Assert.Single(report.Decisions).Kind);
        Assert.All(Announced, c => Assert.Null(c.Changes));
        never.SetResult();
    }

    [Fact]
    public async Task A_blocked_announcement_waits_a_bounded_time_and_a_later_update_carries_the_list()
    {
        var gate = new TaskCompletionSource();
        _h.Commits.CompareGate = gate.Task;
        _h.Commits.Range = (from, to) => Range(2, from, to);
        Router(TimeSpan.FromMinutes(5), new ChecksSpec
        {
            ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)),
            Alerts = [new AlertSpec { Name = "HighLatency", Source = "alertmanager", AlertId = 1, Mode = CheckMode.Shadow }],
        });
        _h.Alerts.Ok("HighLatency");

        var cycle = _h.CycleAsync();
        await _h.Time.TimersCreated(ChangeLists.MaxWait);
        _h.Time.Advance(ChangeLists.MaxWait);
        await cycle;
        gate.SetResult();
        _h.Alerts.Firing("HighLatency");
        await _h.CycleAsync();

        Assert.Equal(2, Announced.Count);
        Assert.Null(Announced[0].Changes);
        Assert.Equal(2, Announced[1].Changes?.TotalCommits);
        Assert.Equal(1, _h.Commits.CompareCalls);
    }

    [Fact]
    public async Task Without_a_commit_source_there_is_no_list_and_nothing_is_asked()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromMinutes(5), b => b.Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) }));
        var engine = new PromotionEngine(new InMemoryCatalog(_h.Manifests), new PlatformRegistry([_h.Platform]), EngineSources.None, _h.State, _h.Options, _h.Time);

        await engine.RunCycleAsync(CancellationToken.None);

        Assert.Null(Assert.Single(Announced).Changes);
        Assert.Equal(0, _h.Commits.CompareCalls);
    }

    [Fact]
    public async Task Check_runs_are_read_for_a_stage_gated_on_tests_and_again_while_some_still_run()
    {
        var running = true;
        _h.Commits.Range = (from, to) => Range(1, from, to);
        _h.Commits.CheckRuns = _ => running
            ? [new CheckRunSummary("build", "completed", "success"), new CheckRunSummary("e2e", "in_progress", null)]
            : [new CheckRunSummary("build", "completed", "success"), new CheckRunSummary("e2e", "completed", "failure")];
        Router(TimeSpan.FromMinutes(5), new ChecksSpec
        {
            ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)),
            IntegrationTests = new IntegrationTestsSpec("e2e", TimeSpan.Zero),
            Alerts = [new AlertSpec { Name = "HighLatency", Source = "alertmanager", AlertId = 1, Mode = CheckMode.Shadow }],
        });
        _h.Alerts.Ok("HighLatency");
        _h.Tests.Set(Rel.B, "e2e", TestRunStatus.Pending);

        await _h.CycleAsync();
        running = false;
        _h.Alerts.Firing("HighLatency");
        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.True(Announced.Count == 2, string.Join(" | ", Announced.Select(a => Decisions.DecisionText.OneLine(a.Current))));
        Assert.Equal(["build success", "e2e in progress"], Announced[0].Changes!.CheckRuns.Select(r => $"{r.Name} {r.Outcome}"));
        Assert.Equal(["build success", "e2e failure"], Announced[1].Changes!.CheckRuns.Select(r => $"{r.Name} {r.Outcome}"));
        Assert.Equal(1, _h.Commits.CompareCalls);
        Assert.Equal(2, _h.Commits.CheckRunCalls);
    }

    [Fact]
    public async Task The_cache_is_bounded_and_forgets_the_oldest_first()
    {
        var manifest = ManifestBuilder.TwoStage("router").Build();
        var lists = new ChangeLists(new InMemoryCatalog([manifest]), [_h.Commits], TimeSpan.FromSeconds(10), _h.Time, NullLogger.Instance);
        _h.Commits.Range = (from, to) => Range(1, from, to);
        PairDecision Diff(int i) => new()
        {
            Service = "router", From = "staging", To = "production", Kind = DecisionKind.Blocked, At = EngineHarness.Now,
            Upstream = Rel.Of($"{i:x7}{new string('1', 33)}", EngineHarness.Now),
            DownstreamTargets = [new Releases.TargetState("router-production", Rel.Of(Rel.A, EngineHarness.Now))],
        };

        for (var i = 0; i < ChangeLists.MaxEntries + 10; i++)
        {
            Assert.NotNull(await lists.ForAsync(Diff(i)));
        }

        Assert.Equal(ChangeLists.MaxEntries, lists.Count);
        Assert.Null(lists.Cached(Diff(0)));
        Assert.NotNull(lists.Cached(Diff(ChangeLists.MaxEntries + 9)));
        Assert.Equal(ChangeLists.MaxEntries + 10, _h.Commits.CompareCalls);
    }
}
