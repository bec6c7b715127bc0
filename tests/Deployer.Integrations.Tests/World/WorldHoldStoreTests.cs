using Deployer.Core.Holds;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldHoldStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static Hold NewHold(string service, string? stage, DateTimeOffset? until = null) =>
        new() { Service = service, Stage = stage, Reason = "r", By = "U1", CreatedAt = Noon, Until = until };

    [Fact]
    public async Task Is_seeded_from_the_world_file_holds()
    {
        var store = new WorldHoldStore(WorldSamples.Parse(WorldSamples.Documented));

        var active = await store.GetActiveAsync("ROUTER", Noon, CancellationToken.None);

        Assert.Equal("db migration", Assert.Single(active).Reason);
        Assert.Empty(await store.GetActiveAsync("router", Noon.AddHours(6), CancellationToken.None));
    }

    [Fact]
    public async Task Active_holds_filter_by_service_and_expiry()
    {
        var store = new WorldHoldStore();
        await store.PlaceAsync(NewHold("router", null), CancellationToken.None);
        await store.PlaceAsync(NewHold("billing", "production", Noon.AddHours(1)), CancellationToken.None);

        Assert.Equal(2, (await store.GetActiveAsync(null, Noon, CancellationToken.None)).Count);
        Assert.Single(await store.GetActiveAsync(null, Noon.AddHours(1), CancellationToken.None));
        Assert.Single(await store.GetActiveAsync("billing", Noon, CancellationToken.None));
    }

    [Fact]
    public async Task Remove_takes_exactly_that_stage_or_the_pipeline_hold()
    {
        var store = new WorldHoldStore([NewHold("router", null), NewHold("router", "production"), NewHold("router", "staging")]);

        var pipeline = await store.LiftAsync("router", null, "U1", Noon, CancellationToken.None);
        var production = await store.LiftAsync("Router", "PRODUCTION", "U1", Noon, CancellationToken.None);

        Assert.Null(Assert.Single(pipeline!.Lifted).Stage);
        Assert.Equal("production", Assert.Single(production!.Lifted).Stage);
        Assert.Equal("staging", Assert.Single(await store.GetActiveAsync("router", Noon, CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task RemoveExpired_returns_only_expired_holds()
    {
        var store = new WorldHoldStore([NewHold("a", null, Noon.AddMinutes(1)), NewHold("b", null)]);

        var removed = await store.RemoveExpiredAsync(Noon.AddMinutes(1), CancellationToken.None);

        Assert.Equal("a", Assert.Single(removed).Hold.Service);
        Assert.Equal("b", Assert.Single(await store.GetActiveAsync(null, Noon, CancellationToken.None)).Service);
    }
}
