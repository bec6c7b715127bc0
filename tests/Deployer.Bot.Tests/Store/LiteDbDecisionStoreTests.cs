using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.Store;

public sealed class LiteDbDecisionStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Keeps_the_last_decision_per_pair_with_all_its_details()
    {
        using var db = DeployerDatabase.Open(_dir.File("decisions.db"));
        var store = new LiteDbDecisionStore(db);
        await store.SaveAsync(Decision("router", DecisionKind.Promote), default);
        var blocked = Decision("router", DecisionKind.Blocked);
        await store.SaveAsync(blocked, default);

        var last = await store.GetLastAsync("ROUTER/staging->production", default);
        Assert.NotNull(last);
        Assert.Equal(blocked.Signature, last.Signature);
        Assert.Equal(blocked.Detail, last.Detail);
        Assert.Equal(blocked.Upstream, last.Upstream);
        Assert.Equal(blocked.At, last.At);
        Assert.Equal(blocked.Checks[1].ClearsAt, last.Checks[1].ClearsAt);
        Assert.True(last.Checks[2].Shadow);
        Assert.Equal(blocked.Hold, last.Hold);
        Assert.Equal(blocked.UpstreamTargets, last.UpstreamTargets);
        Assert.Null(await store.GetLastAsync("billing/staging->production", default));
    }

    [Fact]
    public async Task Lists_by_service_and_all()
    {
        using var db = DeployerDatabase.Open(_dir.File("decisions.db"));
        var store = new LiteDbDecisionStore(db);
        await Task.WhenAll(new[] { "router", "billing", "checkout" }.Select(s => Task.Run(() => store.SaveAsync(Decision(s, DecisionKind.InSync), default))));

        Assert.Equal(3, (await store.GetAllAsync(null, default)).Count);
        Assert.Equal("billing", Assert.Single(await store.GetAllAsync("Billing", default)).Service);
    }

    private static PairDecision Decision(string service, DecisionKind kind)
    {
        var release = new Release { Id = "v7", Version = 7, Commit = "9f1c2ab4f00d", Branch = "main", CreatedAt = T0.AddMinutes(-12) };
        return new PairDecision
        {
            Service = service,
            From = "staging",
            To = "production",
            Kind = kind,
            At = T0,
            Upstream = release,
            SourceTarget = "router-staging-us",
            TargetsToPromote = ["router-prod-us"],
            UpstreamTargets = [new TargetState("router-staging-us", release)],
            DownstreamTargets = [new TargetState("router-prod-us", null, "HTTP 503")],
            Checks =
            [
                CheckResult.Pass(CheckNames.Hold, "no hold"),
                CheckResult.Fail(CheckNames.ReleaseAge, "release is 12m old, needs 30m") with { ClearsAt = T0.AddMinutes(18) },
                CheckResult.Fail(CheckNames.DeployWindow, "outside window") with { Shadow = true },
            ],
            Hold = new Hold { Id = "h1", Service = service, Reason = "r", By = "U1", CreatedAt = T0, Until = T0.AddHours(1) },
            Detail = kind.ToString(),
        };
    }

    public void Dispose() => _dir.Dispose();
}
