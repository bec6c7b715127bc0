using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class BranchCheckTests
{
    private readonly PairHarness _pair = new();

    public BranchCheckTests() => Configure(new BranchSpec());

    private void Configure(BranchSpec spec) =>
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Branch = spec });

    private async Task<(PairDecision Decision, CheckResult Result)> DecideAsync()
    {
        var decision = await _pair.DecideAsync(new BranchCheck());
        return (decision, PairHarness.Only(decision, CheckNames.Branch));
    }

    [Fact]
    public async Task Passes_when_the_upstream_commit_is_on_the_manifest_branch()
    {
        _pair.Commits.On(Rel.B, "main");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("bbbbbbb is on main", result.Reason);
    }

    [Fact]
    public async Task Uses_the_branch_named_in_the_check()
    {
        Configure(new BranchSpec("release"));
        _pair.Commits.On(Rel.B, "main");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("bbbbbbb is from branch main, not release", result.Reason);
    }

    [Fact]
    public async Task Blocks_a_commit_from_a_feature_branch()
    {
        _pair.Platform.Set("router-staging", Rel.Of(Rel.B, PairHarness.Now.AddHours(-2), branch: "feature/x"));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("bbbbbbb is from branch feature/x, not main", result.Reason);
    }

    [Fact]
    public async Task Blocks_a_commit_not_on_the_branch()
    {
        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("bbbbbbb is not on main", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_source_control_cannot_tell()
    {
        _pair.Commits.On(Rel.B, "main", BranchMembership.Unknown);

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("cannot tell whether bbbbbbb is on main", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_source_control_throws()
    {
        _pair.Commits.Failure = new HttpRequestException("GitHub rate limit");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("GitHub rate limit", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_no_source_control_is_configured()
    {
        _pair.HasCommitInfo = false;

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("no source-control source is configured", result.Reason);
    }

    [Fact]
    public async Task Shadow_failure_is_reported_and_does_not_block()
    {
        Configure(new BranchSpec(Mode: CheckMode.Shadow));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }

    [Fact]
    public async Task Shadow_check_without_a_source_does_not_block()
    {
        Configure(new BranchSpec(Mode: CheckMode.Shadow));
        _pair.HasCommitInfo = false;

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }
}
