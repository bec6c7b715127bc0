using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

public sealed class PipelineEvaluatorTests
{
    private readonly PairHarness _pair = new();

    private sealed class ThrowingCheck(string name, bool isLocal) : ICheck
    {
        public string Name { get; } = name;
        public bool IsLocal { get; } = isLocal;

        public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"{Name} exploded");
    }

    /// <summary>A remote check whose answer takes <c>took</c> on the harness clock, with one result per name.</summary>
    private sealed class SlowCheck(PairHarness pair, TimeSpan took, params string[] results) : ICheck
    {
        public string Name => CheckNames.Alerts;
        public bool IsLocal => false;

        public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
        {
            pair.Time.Advance(took);
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>(results.Select(r => CheckResult.Pass(Name, r)).ToList());
        }
    }

    [Fact]
    public async Task Every_result_carries_how_long_its_check_took()
    {
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)) });
        var decision = await _pair.DecideAsync(new SlowCheck(_pair, TimeSpan.FromMilliseconds(1500), "RouterDown: ok", "Latency: ok"), new ReleaseAgeCheck());

        var alerts = decision.Checks.Where(c => c.Check == CheckNames.Alerts).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(TimeSpan.FromMilliseconds(1500), a.Duration));
        Assert.Equal(TimeSpan.Zero, PairHarness.Only(decision, CheckNames.ReleaseAge).Duration);
    }

    [Fact]
    public async Task Pair_in_sync_runs_no_check_and_asks_nothing_outside()
    {
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec
        {
            Alerts = [new AlertSpec { Name = "RouterDown", Source = "alertmanager", AlertId = 1 }],
            Incidents = new IncidentsSpec(["router-pd"]),
        });
        _pair.Platform.Set("router-production", Rel.Of(Rel.B, PairHarness.Now.AddMinutes(-1)));

        var decision = await _pair.DecideAsync();

        Assert.Equal(DecisionKind.InSync, decision.Kind);
        Assert.Empty(decision.Checks);
        Assert.Equal(0, _pair.Alerts.Calls);
        Assert.Equal(0, _pair.Incidents.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Check_that_throws_is_unknown_and_blocks(bool isLocal)
    {
        var decision = await _pair.DecideAsync(new ThrowingCheck(CheckNames.DeployWindow, isLocal), new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.DeployWindow);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("deploy-window exploded", result.Reason);
    }

    [Fact]
    public async Task Runs_every_configured_check_and_promotes_when_all_pass()
    {
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec
        {
            ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)),
            IntegrationTests = new IntegrationTestsSpec("e2e", TimeSpan.FromMinutes(10)),
            Incidents = new IncidentsSpec(["router-pd"]),
            Alerts = [new AlertSpec { Name = "RouterDown", Source = "alertmanager", AlertId = 1 }],
            Branch = new BranchSpec(),
            Freezes = [new FreezeSpec(PairHarness.Now.AddDays(-2), PairHarness.Now.AddDays(-1), "old")],
        });
        _pair.Tests.Set(Rel.B, "e2e", Ports.TestRunStatus.Passed, PairHarness.Now.AddHours(-1));
        _pair.Alerts.Ok("RouterDown");
        _pair.Commits.On(Rel.B, "main");

        var decision = await _pair.DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        // verified gates promotions out of a verified stage (staging is first: nothing promotes into it); rejected reports only a rejection.
        Assert.Equal(CheckNames.All.Except([CheckNames.Verified, CheckNames.Rejected]).Order(), decision.Checks.Select(c => c.Check).Distinct().Order());
        Assert.All(decision.Checks, c => Assert.Equal("pass", c.OutcomeLabel));
        Assert.Equal(["router-production"], decision.TargetsToPromote);
        Assert.Equal("router-staging", decision.SourceTarget);
    }

    [Fact]
    public async Task Held_pair_reports_its_hold_even_when_other_checks_fail()
    {
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromDays(1)) });
        _pair.Holds.Add(new Hold { Service = "router", Reason = "incident", By = "bob" });

        var decision = await _pair.DecideAsync();

        Assert.Equal(DecisionKind.Held, decision.Kind);
        Assert.Equal(2, decision.BlockingChecks.Count());
    }

    [Fact]
    public async Task Upstream_without_any_release_is_blocked()
    {
        _pair.Platform.Set("router-staging", null);

        var decision = await _pair.DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Null(decision.Upstream);
        Assert.Equal(CheckOutcome.Unknown, PairHarness.Only(decision, CheckNames.UpstreamConverged).Outcome);
    }

    [Fact]
    public async Task Cancelling_the_cycle_cancels_the_evaluation()
    {
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Incidents = new IncidentsSpec(["router-pd"]) });
        using var cycle = new CancellationTokenSource();
        var manifest = _pair.Manifest.Build();
        var sources = new Core.Engine.CycleSources([manifest], [], [_pair.Incidents], null, null, cycle.Token);
        _pair.Incidents.Answer = new TaskCompletionSource().Task;
        var snapshot = await _pair.Platform.GetSnapshotAsync(manifest, CancellationToken.None);
        var evaluator = new Core.Engine.PipelineEvaluator(TimeSpan.FromSeconds(10), _pair.Time);

        var evaluating = evaluator.EvaluateAsync(manifest, snapshot, [], sources, PairHarness.Now, cycle.Token);
        await cycle.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluating);
    }
}
