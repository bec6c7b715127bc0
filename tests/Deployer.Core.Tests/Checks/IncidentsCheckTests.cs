using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class IncidentsCheckTests
{
    private readonly PairHarness _pair = new();

    public IncidentsCheckTests() => Configure(CheckMode.Enforce);

    private void Configure(CheckMode mode, string? source = null) =>
        _pair.Manifest = ManifestBuilder.TwoStage("router")
            .Checks(new ChecksSpec { Incidents = new IncidentsSpec(["router-pd", "edge-pd"], mode) { Source = source } });

    private async Task<(PairDecision Decision, CheckResult Result)> DecideAsync()
    {
        var decision = await _pair.DecideAsync(new IncidentsCheck());
        return (decision, PairHarness.Only(decision, CheckNames.Incidents));
    }

    [Fact]
    public async Task Passes_when_no_incident_is_open_on_the_listed_services()
    {
        _pair.Incidents.Open.Enqueue(new Incident("P9", "billing-pd", "triggered", "billing down"));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("no open incident on router-pd, edge-pd", result.Reason);
    }

    [Fact]
    public async Task Blocks_when_an_incident_is_open_on_a_listed_service()
    {
        _pair.Incidents.Open.Enqueue(new Incident("P123", "router-pd", "triggered", "5xx spike"));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("incident P123 on router-pd is triggered: 5xx spike", result.Reason);
    }

    [Fact]
    public async Task Lists_several_open_incidents()
    {
        _pair.Incidents.Open.Enqueue(new Incident("P1", "router-pd", "triggered", "5xx"));
        _pair.Incidents.Open.Enqueue(new Incident("P2", "edge-pd", "acknowledged", "latency"));

        var (_, result) = await DecideAsync();

        Assert.StartsWith("2 open incidents: P1 on router-pd (triggered): 5xx; P2 on edge-pd (acknowledged)", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_incident_source_throws_and_the_pair_is_blocked()
    {
        _pair.Incidents.Failure = new HttpRequestException("PagerDuty returned 500");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("PagerDuty returned 500", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_incident_source_does_not_answer_in_time()
    {
        _pair.Incidents.Answer = new TaskCompletionSource().Task;

        var deciding = DecideAsync();
        await _pair.Time.TimersCreated(_pair.CheckTimeout);
        _pair.Time.Advance(_pair.CheckTimeout);
        var (decision, result) = await deciding;

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("no answer within 10s", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_the_named_incident_source_is_not_configured()
    {
        Configure(CheckMode.Enforce, source: "statuspage");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Equal("no incident source 'statuspage' is configured", result.Reason);
    }

    [Fact]
    public async Task Unknown_when_no_incident_source_exists_at_all()
    {
        _pair.HasIncidentSource = false;

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal("no incident source is configured", result.Reason);
    }

    [Fact]
    public async Task Shadow_failure_is_reported_and_does_not_block()
    {
        Configure(CheckMode.Shadow);
        _pair.Incidents.Open.Enqueue(new Incident("P123", "router-pd", "triggered", "5xx spike"));

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }

    [Fact]
    public async Task Shadow_check_whose_source_is_down_does_not_block()
    {
        Configure(CheckMode.Shadow);
        _pair.Incidents.Failure = new HttpRequestException("PagerDuty returned 500");

        var (decision, result) = await DecideAsync();

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", result.OutcomeLabel);
    }
}
