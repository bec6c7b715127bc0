using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Holds;

namespace Deployer.Bot.Tests.Store;

public sealed class LiteDbHoldStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Active_holds_exclude_expired_and_filter_by_service()
    {
        using var db = DeployerDatabase.Open(_dir.File("holds.db"));
        var store = new LiteDbHoldStore(db);
        await store.AddAsync(Hold("router", null, until: null), default);
        await store.AddAsync(Hold("router", "production", until: Now.AddMinutes(10)), default);
        await store.AddAsync(Hold("billing", null, until: Now.AddMinutes(-1)), default);

        Assert.Equal(2, (await store.GetActiveAsync("ROUTER", Now, default)).Count);
        Assert.Equal(2, (await store.GetActiveAsync(null, Now, default)).Count);
        Assert.Single(await store.GetActiveAsync("router", Now.AddMinutes(11), default));
        Assert.Empty(await store.GetActiveAsync("billing", Now, default));
        Assert.Equal(2, store.CountActive(Now));
    }

    [Fact]
    public async Task Remove_takes_exactly_the_pipeline_or_stage_hold()
    {
        using var db = DeployerDatabase.Open(_dir.File("holds.db"));
        var store = new LiteDbHoldStore(db);
        var pipeline = Hold("router", null, null);
        var stage = Hold("router", "production", Now.AddHours(1));
        await store.AddAsync(pipeline, default);
        await store.AddAsync(stage, default);

        var removed = Assert.Single(await store.RemoveAsync("router", "Production", default));
        Assert.Equal(stage, removed);
        Assert.Equal(pipeline, Assert.Single(await store.GetActiveAsync("router", Now, default)));
        Assert.Equal(pipeline, Assert.Single(await store.RemoveAsync("router", null, default)));
    }

    [Fact]
    public async Task Remove_expired_returns_and_deletes_only_expired_holds()
    {
        using var db = DeployerDatabase.Open(_dir.File("holds.db"));
        var store = new LiteDbHoldStore(db);
        var expired = Hold("router", "production", Now.AddSeconds(-1));
        await store.AddAsync(expired, default);
        await store.AddAsync(Hold("router", null, null), default);

        Assert.Equal(expired, Assert.Single(await store.RemoveExpiredAsync(Now, default)).Hold);
        Assert.Empty(await store.RemoveExpiredAsync(Now, default));
        Assert.Single(await store.GetActiveAsync(null, Now, default));
    }

    [Fact]
    public async Task Parallel_adds_all_land()
    {
        using var db = DeployerDatabase.Open(_dir.File("holds.db"));
        var store = new LiteDbHoldStore(db);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AddAsync(Hold($"svc{i}", null, null), default))));
        Assert.Equal(200, (await store.GetActiveAsync(null, Now, default)).Count);
    }

    private static Hold Hold(string service, string? stage, DateTimeOffset? until) => new()
    {
        Service = service,
        Stage = stage,
        Reason = "db migration",
        By = "U0ALICE",
        CreatedAt = Now.AddMinutes(-5),
        Until = until,
    };

    public void Dispose() => _dir.Dispose();
}
