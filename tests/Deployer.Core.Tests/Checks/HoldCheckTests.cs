using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Checks;

public sealed class HoldCheckTests
{
    private readonly PairHarness _pair = new();

    private static Hold HoldOn(string? stage, DateTimeOffset? until = null, string service = "router") =>
        new() { Service = service, Stage = stage, Reason = "db migration", By = "alice", CreatedAt = PairHarness.Now.AddHours(-1), Until = until };

    [Fact]
    public async Task Passes_when_nothing_is_held()
    {
        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("pass", PairHarness.Only(decision, CheckNames.Hold).OutcomeLabel);
    }

    [Fact]
    public async Task Holds_the_pair_when_the_downstream_stage_is_held()
    {
        _pair.Holds.Add(HoldOn("production"));

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Held, decision.Kind);
        Assert.Equal("db migration", decision.Hold?.Reason);
        var result = PairHarness.Only(decision, CheckNames.Hold);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("production held by alice: db migration", result.Reason);
    }

    [Fact]
    public async Task Pipeline_hold_holds_every_pair()
    {
        _pair.Manifest = ManifestBuilder.For("router").Stage("dev").Stage("staging").Stage("production");
        _pair.Platform.Set("router-dev", Rel.Of(Rel.C, PairHarness.Now.AddHours(-3)));
        _pair.Holds.Add(HoldOn(null));

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Held, decision.Kind);
        Assert.StartsWith("pipeline held by alice", PairHarness.Only(decision, CheckNames.Hold).Reason);
    }

    [Fact]
    public async Task Hold_on_another_stage_does_not_hold_promotions_into_this_one()
    {
        _pair.Holds.Add(HoldOn("staging"));

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
    }

    [Fact]
    public async Task Hold_on_another_service_is_ignored()
    {
        _pair.Holds.Add(HoldOn(null, service: "billing"));

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
    }

    [Fact]
    public async Task Says_until_when_the_hold_expires()
    {
        _pair.Holds.Add(HoldOn("production", until: PairHarness.Now.AddHours(1)));

        var result = PairHarness.Only(await _pair.DecideAsync(new HoldCheck()), CheckNames.Hold);

        Assert.Equal("production held by alice until 15:20 UTC: db migration", result.Reason);
        Assert.Equal(PairHarness.Now.AddHours(1), result.ClearsAt);
    }

    [Fact]
    public async Task Hold_whose_expiry_has_passed_no_longer_holds()
    {
        _pair.Holds.Add(HoldOn("production", until: PairHarness.Now.AddMinutes(-1)));

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Null(decision.Hold);
    }

    [Fact]
    public async Task Advancing_the_clock_to_the_expiry_releases_the_hold()
    {
        _pair.Holds.Add(HoldOn(null, until: PairHarness.Now.AddMinutes(30)));
        Assert.Equal(DecisionKind.Held, (await _pair.DecideAsync(new HoldCheck())).Kind);

        _pair.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(DecisionKind.Promote, (await _pair.DecideAsync(new HoldCheck())).Kind);
    }

    [Fact]
    public async Task Unknown_when_holds_cannot_be_read_and_the_pair_is_blocked()
    {
        _pair.HoldsUnreadable = "store offline";

        var decision = await _pair.DecideAsync(new HoldCheck());

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.Hold);
        Assert.Equal(CheckOutcome.Unknown, result.Outcome);
        Assert.Contains("cannot read holds: store offline", result.Reason);
    }
}
