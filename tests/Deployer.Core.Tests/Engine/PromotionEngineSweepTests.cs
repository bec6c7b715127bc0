using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

/// <summary>The budget-aware sweep and the dirty-pipeline path (issue: Heroku at real size).</summary>
public sealed class PromotionEngineSweepTests
{
    private static readonly ChecksSpec BakeHalfAnHour = new() { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)) };
    private readonly EngineHarness _h = new();
    private readonly PacedPlatform _paced;

    public PromotionEngineSweepTests()
    {
        _paced = new PacedPlatform(_h.Platform);
        _h.OtherPlatforms.Add(_paced);
    }

    private ServiceManifest Pipeline(string service, string upstream, string downstream, TimeSpan age, ChecksSpec? checks = null)
    {
        var manifest = _h.TwoStage(service, upstream, downstream, age, b => b.Platform(PacedPlatform.PlatformKind).Checks(checks ?? new ChecksSpec()));
        return manifest;
    }

    [Fact]
    public async Task With_a_budget_for_10_reads_a_cycle_every_one_of_50_pipelines_is_read_within_5_cycles()
    {
        for (var i = 0; i < 50; i++)
        {
            Pipeline($"svc-{i:00}", Rel.A, Rel.A, TimeSpan.FromHours(2));
        }

        var readPerCycle = new List<HashSet<string>>();
        for (var cycle = 0; cycle < 5; cycle++)
        {
            _paced.Allowance = 10;
            var before = _paced.Reads.Count;
            var report = await _h.CycleAsync();
            readPerCycle.Add(_paced.Reads.Skip(before).ToHashSet());
            Assert.Equal((10, 40), (report.Sweep.Read, report.Sweep.Skipped));
            _h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(readPerCycle, r => Assert.Equal(10, r.Count));
        Assert.Equal(50, readPerCycle.SelectMany(r => r).Distinct().Count());

        // The sixth cycle starts over with the pipelines read longest ago (the first cycle's).
        _paced.Allowance = 10;
        var sixthFrom = _paced.Reads.Count;
        await _h.CycleAsync();
        Assert.Equal(readPerCycle[0], _paced.Reads.Skip(sixthFrom).ToHashSet());
    }

    [Fact]
    public async Task A_pipeline_skipped_for_budget_keeps_its_last_decision_and_is_not_announced_again()
    {
        for (var i = 0; i < 6; i++)
        {
            Pipeline($"svc-{i}", Rel.B, Rel.A, TimeSpan.FromMinutes(5), BakeHalfAnHour);
        }

        var first = await _h.CycleAsync();
        Assert.All(first.Decisions, d => Assert.Equal(DecisionKind.Blocked, d.Kind));
        var announced = _h.Notifier.Changes.Count;
        Assert.Equal(6, announced);
        var firstAt = _h.Engine.Latest(PairDecision.KeyFor("svc-5", "staging", "production"))!.At;

        _h.Time.Advance(TimeSpan.FromMinutes(4));
        _paced.Allowance = 2;
        var second = await _h.CycleAsync();

        Assert.Equal((2, 4), (second.Sweep.Read, second.Sweep.Skipped));
        Assert.Equal(announced, _h.Notifier.Changes.Count);
        var skipped = _h.Engine.Latest(PairDecision.KeyFor("svc-5", "staging", "production"))!;
        Assert.Equal(DecisionKind.Blocked, skipped.Kind);
        Assert.Equal(firstAt, skipped.At);
        Assert.Equal(TimeSpan.FromMinutes(4), second.Sweep.OldestSnapshotAge);
    }

    [Fact]
    public async Task Only_a_read_that_failed_blocks()
    {
        Pipeline("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _paced.Allowance = 0;
        var skipped = await _h.CycleAsync();
        Assert.Empty(skipped.Decisions);
        Assert.Empty(_h.Notifier.Changes);

        _paced.Allowance = 1;
        _h.Platform.SnapshotFailures["router"] = new HttpRequestException("API returned 503");
        var failed = await _h.CycleAsync();

        var decision = Assert.Single(failed.Decisions);
        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Contains("API returned 503", Assert.Single(decision.BlockingChecks).Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task A_dirty_pipeline_is_evaluated_alone_from_the_announced_release_without_reading_the_platform()
    {
        Pipeline("router", Rel.A, Rel.A, TimeSpan.FromHours(2));
        Pipeline("billing", Rel.A, Rel.A, TimeSpan.FromHours(2));
        Pipeline("search", Rel.A, Rel.A, TimeSpan.FromHours(2));
        await _h.CycleAsync();
        var reads = _paced.Reads.Count;
        _paced.Allowance = 0;

        // billing's staging app got a new release; the webhook says so.
        var release = Rel.Of(Rel.B, _h.Time.GetUtcNow().AddMinutes(-1), 3);
        _h.Platform.Set("billing-staging", release);
        _h.Engine.Sweep.MarkDirty("billing", new Announced("billing-staging", new TargetState("billing-staging", release)));
        var report = await _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None);

        Assert.NotNull(report);
        var decision = Assert.Single(report.Decisions);
        Assert.Equal(("billing", DecisionKind.Promoted), (decision.Service, decision.Kind));
        Assert.Equal(reads, _paced.Reads.Count);
        Assert.Equal(Rel.B, _h.Platform.Current("billing-production")?.Commit);
        Assert.False(_h.Engine.Sweep.IsDirty("billing"));

        // Marked once, evaluated once: a second run finds nothing to do.
        Assert.Null(await _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None));
    }

    [Fact]
    public async Task A_dirty_pipeline_never_read_before_is_read_whole_and_alone()
    {
        Pipeline("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        Pipeline("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));

        _h.Engine.Sweep.MarkDirty("billing", null);
        var report = await _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None);

        Assert.Equal(["billing"], _paced.Reads.ToArray());
        Assert.Equal("billing", Assert.Single(_h.Platform.Promotions).Manifest.Service);
        Assert.Equal(DecisionKind.Promoted, Assert.Single(report!.Decisions).Kind);
    }

    [Fact]
    public async Task A_dirty_evaluation_waits_for_the_cycle_evaluating_the_same_pipeline()
    {
        Pipeline("billing", Rel.A, Rel.A, TimeSpan.FromHours(2));
        var cycleReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Platform.SnapshotGate = async () =>
        {
            cycleReading.TrySetResult();
            await release.Task;
        };

        var cycle = _h.CycleAsync();
        await cycleReading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _h.Engine.Sweep.MarkDirty("billing", null);
        var dirty = _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None);
        await Task.Delay(50);
        Assert.False(dirty.IsCompleted);

        release.SetResult();
        await cycle;
        await dirty.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _h.Platform.MaxConcurrentSnapshots);
    }

    [Fact]
    public async Task A_cycle_skips_a_pipeline_whose_dirty_evaluation_is_running_and_counts_it_busy()
    {
        Pipeline("billing", Rel.A, Rel.A, TimeSpan.FromHours(2));
        Pipeline("router", Rel.A, Rel.A, TimeSpan.FromHours(2));
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Platform.SnapshotGate = async () =>
        {
            reading.TrySetResult();
            await release.Task;
        };
        _h.Engine.Sweep.MarkDirty("billing", null);
        var dirty = _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None);
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _h.Platform.SnapshotGate = null;

        var report = await _h.CycleAsync();

        Assert.Equal((1, 1), (report.Sweep.Read, report.Sweep.Busy));
        Assert.All(report.Decisions, d => Assert.Equal("router", d.Service));
        release.SetResult();
        await dirty;
    }

    [Fact]
    public async Task After_a_promotion_a_dirty_evaluation_sees_the_promoted_release_and_does_not_promote_again()
    {
        Pipeline("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));
        await _h.CycleAsync();
        Assert.Single(_h.Platform.Promotions);

        // The staging release's status update arrives by webhook; production's own delivery has not come yet.
        var staging = _h.Platform.Current("billing-staging")!;
        _h.Engine.Sweep.MarkDirty("billing", new Announced("billing-staging", new TargetState("billing-staging", staging)));
        var report = await _h.Engine.EvaluateDirtyAsync("billing", CancellationToken.None);

        Assert.Equal(DecisionKind.InSync, Assert.Single(report!.Decisions).Kind);
        Assert.Single(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Planning_every_pipeline_uses_the_last_snapshots_and_planning_one_reads_it()
    {
        Pipeline("router", Rel.A, Rel.A, TimeSpan.FromHours(2));
        Pipeline("billing", Rel.A, Rel.A, TimeSpan.FromHours(2));
        await _h.CycleAsync();
        var reads = _paced.Reads.Count;

        var all = await _h.Engine.PlanAsync(null, CancellationToken.None);
        Assert.Equal(2, all.Decisions.Count);
        Assert.Equal(reads, _paced.Reads.Count);

        await _h.Engine.PlanAsync("router", CancellationToken.None);
        Assert.Equal(reads + 1, _paced.Reads.Count);
    }

    [Fact]
    public async Task A_webhook_accepted_just_before_a_crash_is_not_lost_the_next_process_sweep_promotes_once()
    {
        Pipeline("billing", Rel.A, Rel.A, TimeSpan.FromHours(2));
        await _h.CycleAsync();
        var release = Rel.Of(Rel.B, _h.Time.GetUtcNow().AddMinutes(-1), 3);
        _h.Platform.Set("billing-staging", release);

        // The delivery was answered 202 and marked dirty; the process dies before evaluating it (the mark is memory).
        _h.Engine.Sweep.MarkDirty("billing", new Announced("billing-staging", new TargetState("billing-staging", release)));
        var restarted = new Core.Engine.PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new PlatformRegistry([_h.Platform, _paced]),
            new Core.Engine.EngineSources([_h.Alerts], [_h.Incidents], [_h.Tests], [_h.Commits]),
            new Core.Engine.EngineState(_h.Holds, _h.Ledger, _h.Decisions, _h.Audit, _h.Notifier),
            _h.Options, _h.Time);

        await restarted.RunCycleAsync(CancellationToken.None);
        await restarted.RunCycleAsync(CancellationToken.None);

        var promotion = Assert.Single(_h.Platform.Promotions);
        Assert.Equal(Rel.B, promotion.Release.Commit);
        Assert.Equal(Rel.B, _h.Platform.Current("billing-production")?.Commit);
    }

    [Fact]
    public void The_sweep_orders_dirty_first_then_never_read_then_least_recently_read()
    {
        var sweep = new Core.Engine.PipelineSweep(_h.Time);
        var manifests = new[] { "a", "b", "c", "d" }.Select(s => ManifestBuilder.TwoStage(s).Build()).ToList();
        Snapshot(sweep, "b");
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Snapshot(sweep, "a");
        sweep.MarkDirty("d", null);

        var order = sweep.Order(manifests, sweep.IsDirty).Select(m => m.Service);

        Assert.Equal(["d", "c", "b", "a"], order);
    }

    [Fact]
    public void An_announced_release_older_than_the_known_one_does_not_replace_it()
    {
        var now = _h.Time.GetUtcNow();
        var snapshot = new PipelineSnapshot("router", new Dictionary<string, TargetState>
        {
            ["router-staging"] = new("router-staging", Rel.Of(Rel.B, now, 7)),
        }, now);

        var late = snapshot.With([new TargetState("router-staging", Rel.Of(Rel.A, now, 6))], now);
        var newer = snapshot.With([new TargetState("router-staging", Rel.Of(Rel.C, now, 8))], now);

        Assert.Equal(Rel.B, late.Get("router-staging").Release!.Commit);
        Assert.Equal(Rel.C, newer.Get("router-staging").Release!.Commit);
    }

    private static void Snapshot(Core.Engine.PipelineSweep sweep, string service) =>
        sweep.Read(new PipelineSnapshot(service, new Dictionary<string, TargetState>(), DateTimeOffset.UnixEpoch));

    private sealed class Announced(string target, TargetState state) : IAnnouncedRelease
    {
        public string Target => target;

        public Task<TargetState> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult(state);
    }
}
