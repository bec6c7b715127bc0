using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;
using Deployer.Core.Verification;

namespace Deployer.Core.Tests.Verification;

/// <summary>The watch after a promotion, on a fake clock: window start and end, unknown extending it, superseded, the verified check.</summary>
public sealed class VerificationWindowTests
{
    internal static readonly AlertSpec RouterUp = new() { Name = "router is up", Source = "alertmanager", AlertId = 1 };
    private readonly EngineHarness _h = new();

    internal static async Task<StageVerification?> StageAsync(EngineHarness h, string stage) =>
        await h.Verifications.GetAsync("router", stage, CancellationToken.None);

    /// <summary>staging (B, 2h old) → production (A); one cycle promotes B into production at 14:20.</summary>
    internal static async Task PromotedAsync(EngineHarness h, Func<ManifestBuilder, ManifestBuilder>? shape = null)
    {
        h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2), b => (shape ?? (x => x))(b.Checks(new ChecksSpec { Alerts = [RouterUp] })));
        h.Alerts.Ok(RouterUp.Name);
        var first = await h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(first.Decisions).Kind);
    }

    [Fact]
    public async Task A_completed_promotion_starts_a_window_of_ten_minutes_that_ends_verified()
    {
        await PromotedAsync(_h);

        await _h.CycleAsync();
        var verifying = await StageAsync(_h, "production");
        Assert.NotNull(verifying);
        Assert.Equal((VerificationState.Verifying, Rel.B), (verifying.State, verifying.Commit));
        Assert.Equal(EngineHarness.Now, verifying.StartedAt);
        Assert.Equal(EngineHarness.Now.AddMinutes(10), verifying.Until);

        _h.Time.Advance(TimeSpan.FromMinutes(9));
        await _h.CycleAsync();
        Assert.Equal(VerificationState.Verifying, (await StageAsync(_h, "production"))!.State);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.CycleAsync();
        var verified = (await StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Verified, verified.State);
        Assert.Equal(EngineHarness.Now.AddMinutes(10), verified.EndedAt);
        var announced = Assert.IsType<Verified>(Assert.Single(_h.Verifications.Queued));
        Assert.Equal(Rel.B, announced.Verification.Commit);
        Assert.Contains(_h.Notifier.Events, e => e is Verified);
        Assert.Contains(_h.Audit.Entries, a => a.Kind == AuditKind.Verified && a.Summary.Contains("verified bbbbbbb in production", StringComparison.Ordinal));
        Assert.Empty(await _h.Holds.GetActiveAsync("router", _h.Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Promoting_the_same_commit_again_after_a_hand_deploy_starts_a_new_window()
    {
        await PromotedAsync(_h);
        await _h.CycleAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.CycleAsync();
        Assert.Equal(VerificationState.Verified, (await StageAsync(_h, "production"))!.State);

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        _h.Platform.Set("router-production", Rel.Of(Rel.A, _h.Time.GetUtcNow(), 5));
        var again = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(again.Decisions).Kind);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.CycleAsync();

        var renewed = (await StageAsync(_h, "production"))!;
        Assert.Equal((VerificationState.Verifying, Rel.B), (renewed.State, renewed.Commit));
        Assert.Equal(EngineHarness.Now.AddMinutes(15), renewed.StartedAt);
    }

    [Fact]
    public async Task The_window_length_comes_from_the_stage_over_the_pipeline()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var manifest = _h.Manifests[0];
        _h.Manifests[0] = manifest with
        {
            Verify = new VerifySpec(TimeSpan.FromMinutes(15), VerifyFailureAction.Hold),
            Stages = [manifest.Stages[0], manifest.Stages[1] with { Verify = new VerifySpec(TimeSpan.FromMinutes(30), VerifyFailureAction.Hold) }],
        };
        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Equal(EngineHarness.Now.AddMinutes(30), (await StageAsync(_h, "production"))!.Until);
    }

    [Fact]
    public async Task Verify_false_on_a_stage_starts_no_window()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var manifest = _h.Manifests[0];
        _h.Manifests[0] = manifest with { Stages = [manifest.Stages[0], manifest.Stages[1] with { Verify = VerifySpec.Off }] };
        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Null(await StageAsync(_h, "production"));
    }

    [Fact]
    public async Task Unknown_health_does_not_fail_the_window_but_extends_it_by_the_time_it_stayed_unknown()
    {
        await PromotedAsync(_h);
        await _h.CycleAsync();

        _h.Time.Advance(TimeSpan.FromMinutes(2));
        _h.Alerts.Failure = new HttpRequestException("Alertmanager: HTTP 503");
        await _h.CycleAsync();
        var unknown = (await StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Verifying, unknown.State);
        Assert.Contains("Alertmanager: HTTP 503", unknown.Reason, StringComparison.Ordinal);

        // Unknown from 14:22 to 14:25: the window (14:20-14:30) now ends at 14:33.
        _h.Time.Advance(TimeSpan.FromMinutes(3));
        _h.Alerts.Failure = null;
        await _h.CycleAsync();
        var back = (await StageAsync(_h, "production"))!;
        Assert.Equal((VerificationState.Verifying, TimeSpan.FromMinutes(3)), (back.State, back.UnknownFor));
        Assert.Equal(EngineHarness.Now.AddMinutes(13), back.Until);

        _h.Time.Advance(TimeSpan.FromMinutes(6)); // 14:31: past the original end, not the extended one
        await _h.CycleAsync();
        Assert.Equal(VerificationState.Verifying, (await StageAsync(_h, "production"))!.State);

        _h.Time.Advance(TimeSpan.FromMinutes(2)); // 14:33
        await _h.CycleAsync();
        Assert.Equal(VerificationState.Verified, (await StageAsync(_h, "production"))!.State);
        Assert.Empty(_h.Notifier.Events.OfType<VerificationFailed>());
    }

    [Fact]
    public async Task A_window_never_ends_while_health_stays_unknown()
    {
        await PromotedAsync(_h);
        await _h.CycleAsync();
        _h.Alerts.Failure = new HttpRequestException("Alertmanager: HTTP 503");
        for (var i = 0; i < 4; i++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(5));
            await _h.CycleAsync();
        }

        var still = (await StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Verifying, still.State);
        Assert.Equal(_h.Time.GetUtcNow().AddMinutes(10), still.UntilAt(_h.Time.GetUtcNow()).AddMinutes(5));
    }

    [Fact]
    public async Task A_target_deployed_by_hand_supersedes_the_window_without_failing_it()
    {
        await PromotedAsync(_h);
        await _h.CycleAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3));
        _h.Platform.Set("router-production", Rel.Of(Rel.D, _h.Time.GetUtcNow(), 7));
        _h.Alerts.Firing(RouterUp.Name);

        await _h.CycleAsync();

        var superseded = (await StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Superseded, superseded.State);
        Assert.Equal("router-production runs ddddddd now", superseded.Reason);
        Assert.IsType<VerificationSuperseded>(Assert.Single(_h.Verifications.Queued));
        Assert.Empty(await _h.Holds.GetActiveAsync("router", _h.Time.GetUtcNow(), CancellationToken.None));
        Assert.Empty(superseded.Rejected);
    }

    [Fact]
    public async Task A_target_whose_release_failed_on_the_platform_supersedes_the_window()
    {
        await PromotedAsync(_h);
        await _h.CycleAsync();
        _h.Platform.Set("router-production", Rel.Of(Rel.B, _h.Time.GetUtcNow(), 8, Releases.ReleaseStatus.Failed));

        await _h.CycleAsync();

        var superseded = (await StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Superseded, superseded.State);
        Assert.Equal("router-production's release v8 failed on the platform", superseded.Reason);
    }

    [Fact]
    public async Task Promotions_out_of_a_verifying_stage_wait_until_it_is_verified()
    {
        var now = EngineHarness.Now;
        _h.Add(ManifestBuilder.For("router").Stage("staging").Stage("canary").Stage("production").Build());
        _h.Platform
            .Set("router-staging", Rel.Of(Rel.C, now.AddHours(-3)))
            .Set("router-canary", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-production", Rel.Of(Rel.B, now.AddDays(-2)));

        var first = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(first.Decisions, d => d.To == "canary").Kind);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _h.CycleAsync();
        var production = Assert.Single(second.Decisions, d => d.To == "production");
        Assert.Equal(DecisionKind.Blocked, production.Kind);
        var verified = Assert.Single(production.BlockingChecks);
        Assert.Equal(CheckNames.Verified, verified.Check);
        Assert.Equal("verifying ccccccc in canary until 14:30 UTC", verified.Reason);
        Assert.Equal(now.AddMinutes(10), verified.ClearsAt);
        Assert.Equal(CheckNames.Verified, production.Checks[0].Check);

        _h.Time.Advance(TimeSpan.FromMinutes(9));
        var third = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(third.Decisions, d => d.To == "production").Kind);
        Assert.Equal(Rel.C, _h.Platform.Current("router-production")?.Commit);
    }

    [Fact]
    public async Task A_release_nothing_promoted_into_its_stage_has_no_window_to_wait_for()
    {
        var now = EngineHarness.Now;
        _h.Add(ManifestBuilder.For("router").Stage("staging").Stage("canary").Stage("production").Build());
        _h.Platform
            .Set("router-staging", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-canary", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-production", Rel.Of(Rel.A, now.AddDays(-2)));

        var report = await _h.CycleAsync();

        var production = Assert.Single(report.Decisions, d => d.To == "production");
        Assert.Equal(DecisionKind.Promoted, production.Kind);
        Assert.Contains("was not promoted into canary by deployer", PairHarness.Only(production, CheckNames.Verified).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_verifications_block_promotions_out_of_a_verified_stage()
    {
        var now = EngineHarness.Now;
        _h.Add(ManifestBuilder.For("router").Stage("staging").Stage("canary").Stage("production").Build());
        _h.Platform
            .Set("router-staging", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-canary", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-production", Rel.Of(Rel.A, now.AddDays(-2)));
        _h.Verifications.Failure = new IOException("disk on fire");

        var report = await _h.CycleAsync();

        var production = Assert.Single(report.Decisions, d => d.To == "production");
        Assert.Equal(DecisionKind.Blocked, production.Kind);
        Assert.Equal((CheckOutcome.Unknown, "cannot read verifications: disk on fire"),
            (PairHarness.Only(production, CheckNames.Verified).Outcome, PairHarness.Only(production, CheckNames.Verified).Reason));
        Assert.Empty(_h.Platform.Promotions);
    }
}
