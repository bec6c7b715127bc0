using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class AlertsCheckTests
{
    private readonly PairHarness _pair = new();

    private static AlertSpec Alert(string name, long id, CheckMode mode = CheckMode.Enforce, string source = "alertmanager", params string[] stages) =>
        new() { Name = name, Source = source, AlertId = id, Mode = mode, Stages = stages };

    private void Watch(params AlertSpec[] alerts) =>
        _pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Alerts = alerts });

    private Task<PairDecision> DecideAsync() => _pair.DecideAsync(new AlertsCheck());

    [Fact]
    public async Task Passes_when_no_watched_alert_is_firing()
    {
        Watch(Alert("RouterDown", 1), Alert("HighLatency", 2));
        _pair.Alerts.Ok("RouterDown").Ok("HighLatency");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(["RouterDown: not firing", "HighLatency: not firing"], decision.Checks.Select(c => c.Reason));
    }

    [Fact]
    public async Task Blocks_when_a_watched_alert_is_firing_and_names_it()
    {
        Watch(Alert("RouterDown", 1), Alert("HighLatency", 2));
        _pair.Alerts.Ok("RouterDown").Firing("HighLatency", "p99 1.2s since 14:02 UTC");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var blocking = Assert.Single(decision.BlockingChecks);
        Assert.Equal(CheckOutcome.Fail, blocking.Outcome);
        Assert.Equal("HighLatency: firing (p99 1.2s since 14:02 UTC)", blocking.Reason);
    }

    [Fact]
    public async Task Unknown_for_every_alert_when_the_source_throws()
    {
        Watch(Alert("RouterDown", 1), Alert("HighLatency", 2));
        _pair.Alerts.Failure = new HttpRequestException("alertmanager: connection refused");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.All(decision.Checks, c => Assert.Equal(CheckOutcome.Unknown, c.Outcome));
        Assert.Equal("RouterDown: alertmanager: connection refused", decision.Checks[0].Reason);
    }

    [Fact]
    public async Task Unknown_when_the_source_times_out_on_its_own()
    {
        Watch(Alert("RouterDown", 1));
        _pair.Alerts.Failure = new TaskCanceledException("HttpClient.Timeout elapsed");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, PairHarness.Only(decision, CheckNames.Alerts).Outcome);
    }

    [Fact]
    public async Task Unknown_when_the_source_does_not_answer_within_the_check_timeout()
    {
        Watch(Alert("RouterDown", 1), Alert("HighLatency", 2, CheckMode.Shadow));
        _pair.Alerts.Answer = new TaskCompletionSource().Task;

        var deciding = DecideAsync();
        await _pair.Time.TimersCreated(_pair.CheckTimeout);
        _pair.Time.Advance(_pair.CheckTimeout);
        var decision = await deciding;

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(["RouterDown: no answer within 10s", "HighLatency: no answer within 10s"], decision.Checks.Select(c => c.Reason));
        Assert.Equal(["unknown", "shadow-fail"], decision.Checks.Select(c => c.OutcomeLabel));
    }

    [Fact]
    public async Task Unknown_when_the_source_has_no_answer_for_an_alert()
    {
        Watch(Alert("RouterDown", 1));

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("RouterDown: alertmanager gave no answer for this alert", PairHarness.Only(decision, CheckNames.Alerts).Reason);
    }

    [Fact]
    public async Task Unknown_when_the_source_cannot_tell_the_alert_state()
    {
        Watch(Alert("RouterDown", 1));
        _pair.Alerts.Set("RouterDown", AlertState.Unknown, "no data for 10m");

        var result = PairHarness.Only(await DecideAsync(), CheckNames.Alerts);

        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("RouterDown: no data for 10m", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_named_source_is_not_configured()
    {
        Watch(Alert("Throughput", 7, source: "librato"));

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("Throughput: no alert source 'librato' is configured", PairHarness.Only(decision, CheckNames.Alerts).Reason);
    }

    [Fact]
    public async Task Shadow_alert_that_fires_is_reported_and_does_not_block()
    {
        Watch(Alert("RouterDown", 1), Alert("HighLatency", 2, CheckMode.Shadow));
        _pair.Alerts.Ok("RouterDown").Firing("HighLatency");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(["pass", "shadow-fail"], decision.Checks.Select(c => c.OutcomeLabel));
    }

    [Fact]
    public async Task Shadow_alert_whose_source_is_down_does_not_block()
    {
        Watch(Alert("RouterDown", 1, CheckMode.Shadow));
        _pair.Alerts.Failure = new HttpRequestException("down");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", PairHarness.Only(decision, CheckNames.Alerts).OutcomeLabel);
    }

    [Fact]
    public async Task Alert_restricted_to_other_stages_does_not_gate_this_pair()
    {
        Watch(Alert("CanaryErrors", 1, stages: "canary"), Alert("RouterDown", 2, stages: "PRODUCTION"));
        _pair.Alerts.Firing("CanaryErrors").Ok("RouterDown");

        var decision = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("RouterDown: not firing", PairHarness.Only(decision, CheckNames.Alerts).Reason);
    }
}
