using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class UpstreamConvergedCheckTests
{
    private readonly PairHarness _pair = new()
    {
        Manifest = ManifestBuilder.For("router")
            .Stage("staging", "router-staging-eu", "router-staging-us")
            .Stage("production", "router-prod-eu", "router-prod-us"),
    };

    public UpstreamConvergedCheckTests()
    {
        _pair.Platform
            .Set("router-staging-eu", Rel.Of(Rel.B, PairHarness.Now.AddHours(-2)))
            .Set("router-staging-us", Rel.Of(Rel.B, PairHarness.Now.AddHours(-2)))
            .Set("router-prod-eu", Rel.Of(Rel.A, PairHarness.Now.AddDays(-1)))
            .Set("router-prod-us", Rel.Of(Rel.A, PairHarness.Now.AddDays(-1)));
    }

    [Fact]
    public async Task Passes_when_every_upstream_target_runs_the_same_commit()
    {
        var decision = await _pair.DecideAsync(new UpstreamConvergedCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("all 2 upstream targets on bbbbbbb", PairHarness.Only(decision, CheckNames.UpstreamConverged).Reason);
    }

    [Fact]
    public async Task Blocks_when_upstream_regions_disagree()
    {
        _pair.Platform.Set("router-staging-us", Rel.Of(Rel.C, PairHarness.Now.AddMinutes(-5)));

        var decision = await _pair.DecideAsync(new UpstreamConvergedCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.UpstreamConverged);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("upstream not converged", result.Reason);
        Assert.Contains("router-staging-eu on bbbbbbb", result.Reason);
        Assert.Contains("router-staging-us on ccccccc", result.Reason);
    }

    [Fact]
    public async Task Blocks_while_an_upstream_release_is_pending()
    {
        _pair.Platform.Set("router-staging-us", Rel.Of(Rel.B, PairHarness.Now.AddHours(-2), version: 7, status: ReleaseStatus.Pending));

        var decision = await _pair.DecideAsync(new UpstreamConvergedCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("router-staging-us release v7 is pending", PairHarness.Only(decision, CheckNames.UpstreamConverged).Reason);
    }

    [Fact]
    public async Task Unknown_when_an_upstream_target_cannot_be_read_and_the_pair_is_blocked()
    {
        _pair.Platform.Set("router-staging-us", null, "HTTP 503 from platform");

        var decision = await _pair.DecideAsync(new UpstreamConvergedCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.UpstreamConverged);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("cannot read router-staging-us: HTTP 503 from platform", result.Reason);
    }

    [Fact]
    public async Task Promotes_only_the_downstream_region_that_is_behind()
    {
        _pair.Platform.Set("router-prod-eu", Rel.Of(Rel.B, PairHarness.Now.AddHours(-1)));

        var decision = await _pair.DecideAsync(new UpstreamConvergedCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(["router-prod-us"], decision.TargetsToPromote);
    }
}
