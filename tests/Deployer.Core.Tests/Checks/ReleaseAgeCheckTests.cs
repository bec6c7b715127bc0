using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class ReleaseAgeCheckTests
{
    private readonly PairHarness _pair = new();

    private void BakeFor(TimeSpan min, CheckMode mode = CheckMode.Enforce) =>
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(min, mode) });

    private void UpstreamAged(TimeSpan age) =>
        _pair.Platform.Set("router-staging", Rel.Of(Rel.B, PairHarness.Now - age, 2));

    [Fact]
    public async Task Passes_when_release_is_older_than_bake_time()
    {
        BakeFor(TimeSpan.FromMinutes(30));
        UpstreamAged(TimeSpan.FromMinutes(45));

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("release is 45m old (needs 30m)", PairHarness.Only(decision, CheckNames.ReleaseAge).Reason);
    }

    [Fact]
    public async Task Blocks_when_release_is_younger_than_bake_time()
    {
        BakeFor(TimeSpan.FromMinutes(30));
        UpstreamAged(TimeSpan.FromMinutes(18));

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.ReleaseAge);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("release is 18m old", result.Reason);
        Assert.Contains("needs 30m (ready at 14:32 UTC)", result.Reason);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 14, 32, 0, TimeSpan.Zero), result.ClearsAt);
    }

    [Fact]
    public async Task Passes_exactly_when_bake_time_is_reached()
    {
        BakeFor(TimeSpan.FromMinutes(30));
        UpstreamAged(TimeSpan.FromMinutes(18));
        Assert.Equal(DecisionKind.Blocked, (await _pair.DecideAsync(new ReleaseAgeCheck())).Kind);

        _pair.Time.Advance(TimeSpan.FromMinutes(12));

        Assert.Equal(DecisionKind.Promote, (await _pair.DecideAsync(new ReleaseAgeCheck())).Kind);
    }

    [Fact]
    public async Task Counts_from_the_newest_upstream_target()
    {
        _pair.Manifest = ManifestBuilder.For("router")
            .Stage("staging", "router-staging-eu", "router-staging-us")
            .Stage("production")
            .Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)) });
        _pair.Platform
            .Set("router-staging-eu", Rel.Of(Rel.B, PairHarness.Now.AddHours(-3)))
            .Set("router-staging-us", Rel.Of(Rel.B, PairHarness.Now.AddMinutes(-10)));

        var result = PairHarness.Only(await _pair.DecideAsync(new ReleaseAgeCheck()), CheckNames.ReleaseAge);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("release is 10m old", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_an_upstream_target_cannot_be_read_and_the_pair_is_blocked()
    {
        BakeFor(TimeSpan.FromMinutes(30));
        _pair.Platform.Set("router-staging", null, "timeout");

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.ReleaseAge);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("upstream release time unknown", result.Reason);
    }

    [Fact]
    public async Task Shadow_failure_is_reported_and_does_not_block()
    {
        BakeFor(TimeSpan.FromMinutes(30), CheckMode.Shadow);
        UpstreamAged(TimeSpan.FromMinutes(5));

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.ReleaseAge);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
        Assert.False(result.Blocks);
        Assert.Contains("needs 30m", result.Reason);
    }

    [Fact]
    public async Task Stage_release_age_overrides_the_pipeline_one()
    {
        _pair.Manifest = ManifestBuilder.For("router")
            .Stage("staging")
            .Stage("production", new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(2)) })
            .Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(10)) });
        UpstreamAged(TimeSpan.FromHours(1));

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Contains("needs 2h (ready at 15:20 UTC)", PairHarness.Only(decision, CheckNames.ReleaseAge).Reason);
    }

    [Fact]
    public async Task Stage_override_applies_only_to_promotions_into_that_stage()
    {
        _pair.Manifest = ManifestBuilder.For("router")
            .Stage("staging", new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(6)) })
            .Stage("production")
            .Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(10)) });
        UpstreamAged(TimeSpan.FromHours(1));

        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Contains("needs 10m", PairHarness.Only(decision, CheckNames.ReleaseAge).Reason);
    }

    [Fact]
    public async Task Reports_nothing_when_not_configured()
    {
        var decision = await _pair.DecideAsync(new ReleaseAgeCheck());

        Assert.Empty(decision.Checks);
        Assert.Equal(DecisionKind.Promote, decision.Kind);
    }
}
