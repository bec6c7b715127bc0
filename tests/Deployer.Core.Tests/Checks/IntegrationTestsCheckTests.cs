using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class IntegrationTestsCheckTests
{
    private readonly PairHarness _pair = new();

    public IntegrationTestsCheckTests() => Configure(CheckMode.Enforce);

    private void Configure(CheckMode mode) =>
        _pair.Manifest = ManifestBuilder.TwoStage("router")
            .Checks(new ChecksSpec { IntegrationTests = new IntegrationTestsSpec("e2e", TimeSpan.FromMinutes(15), mode) });

    private async Task<(PairDecision Decision, CheckResult Result)> DecideAsync()
    {
        var decision = await _pair.DecideAsync(new IntegrationTestsCheck());
        return (decision, PairHarness.Only(decision, CheckNames.IntegrationTests));
    }

    [Fact]
    public async Task Passes_when_the_suite_passed_and_the_release_ran_long_enough()
    {
        _pair.Tests.Set(Rel.B, "e2e", TestRunStatus.Passed, PairHarness.Now.AddHours(-1));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("e2e passed on bbbbbbb, live 2h", result.Reason);
    }

    [Fact]
    public async Task Blocks_when_the_suite_failed()
    {
        _pair.Tests.Set(Rel.B, "e2e", TestRunStatus.Failed, PairHarness.Now.AddMinutes(-40));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("e2e failed on bbbbbbb at 13:40 UTC", result.Reason);
    }

    [Fact]
    public async Task Blocks_while_the_suite_is_running()
    {
        _pair.Tests.Set(Rel.B, "e2e", TestRunStatus.Pending);

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("e2e is still running on bbbbbbb", result.Reason);
    }

    [Fact]
    public async Task Blocks_when_the_suite_has_not_reported_on_the_upstream_commit()
    {
        _pair.Tests.Set(Rel.A, "e2e", TestRunStatus.Passed, PairHarness.Now.AddDays(-1));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("e2e has not reported on bbbbbbb yet", result.Reason);
    }

    [Fact]
    public async Task Blocks_until_the_release_has_run_the_minimum_time()
    {
        _pair.Platform.Set("router-staging", Rel.Of(Rel.B, PairHarness.Now.AddMinutes(-10), 2));
        _pair.Tests.Set(Rel.B, "e2e", TestRunStatus.Passed, PairHarness.Now.AddMinutes(-2));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Contains("e2e passed, but the release has run 10m, needs 15m (ready at 14:25 UTC)", result.Reason);
        Assert.Equal(PairHarness.Now.AddMinutes(5), result.ClearsAt);
    }

    [Fact]
    public async Task Unknown_when_the_test_source_throws_and_the_pair_is_blocked()
    {
        _pair.Tests.Failure = new HttpRequestException("GitHub returned 502");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("GitHub returned 502", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_test_source_times_out_on_its_own()
    {
        _pair.Tests.Failure = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Contains("HttpClient.Timeout", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_test_source_does_not_answer_within_the_check_timeout()
    {
        _pair.Tests.Answer = new TaskCompletionSource().Task;

        var deciding = DecideAsync();
        await _pair.Time.TimersCreated(_pair.CheckTimeout);
        _pair.Time.Advance(_pair.CheckTimeout);
        var (decision, result) = await deciding;

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("no answer within 10s", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_no_test_source_is_configured()
    {
        _pair.HasTestResults = false;

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("no test results source is configured", result.Reason);
    }

    [Fact]
    public async Task Shadow_failure_is_reported_and_does_not_block()
    {
        Configure(CheckMode.Shadow);
        _pair.Tests.Set(Rel.B, "e2e", TestRunStatus.Failed, PairHarness.Now.AddMinutes(-40));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
        Assert.Contains("e2e failed", result.Reason);
    }

    [Fact]
    public async Task Shadow_check_whose_source_is_down_is_reported_and_does_not_block()
    {
        Configure(CheckMode.Shadow);
        _pair.Tests.Failure = new HttpRequestException("GitHub returned 502");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }

    [Fact]
    public async Task Shadow_check_that_times_out_does_not_block()
    {
        Configure(CheckMode.Shadow);
        _pair.Tests.Answer = new TaskCompletionSource().Task;

        var deciding = DecideAsync();
        await _pair.Time.TimersCreated(_pair.CheckTimeout);
        _pair.Time.Advance(_pair.CheckTimeout);
        var (decision, result) = await deciding;

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }
}
