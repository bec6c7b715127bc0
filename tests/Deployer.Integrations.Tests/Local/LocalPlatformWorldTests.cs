using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Local;
using Deployer.Integrations.Tests.World;
using Deployer.Integrations.World;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Local;

/// <summary>The local platform serving a world file (<c>plan --world</c>): the world's releases, nothing seeded.</summary>
public sealed class LocalPlatformWorldTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly LiteDatabase _database = new(new MemoryStream());
    private readonly WorldFile _world = WorldSamples.Parse(WorldSamples.Documented);

    public void Dispose() => _database.Dispose();

    private LocalPlatform Platform(WorldFile world) => LocalPlatform.ForWorld(_database, _time, [WorldSamples.Router], world.Releases);

    private static PromotionRequest Request(Release release, params string[] targets) =>
        new(WorldSamples.Router, "staging", "production", "router-staging-us", release, targets);

    [Fact]
    public async Task Snapshot_reads_the_world_releases_and_seeds_no_missing_target()
    {
        var platform = Platform(_world);

        var snapshot = await platform.GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);

        Assert.Equal("router", snapshot.Service);
        Assert.Equal(_time.GetUtcNow(), snapshot.TakenAt);
        Assert.Equal(4, snapshot.Targets.Count);
        Assert.Equal(_world.Releases["router-staging-us"], snapshot.Get("router-staging-us").Release);
        var missing = snapshot.Get("router-prod-eu");
        Assert.Null(missing.Release);
        Assert.Equal("no release", missing.Error);
    }

    [Fact]
    public async Task A_world_release_keeps_its_status()
    {
        var pending = new Release { Id = "v9", Version = 9, Commit = "abc1234", Status = ReleaseStatus.Pending, CreatedAt = _time.GetUtcNow() };
        var world = _world with { Releases = new Dictionary<string, Release>(StringComparer.OrdinalIgnoreCase) { ["ROUTER-PROD-US"] = pending } };

        var snapshot = await Platform(world).GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);

        Assert.Equal(pending, snapshot.Get("router-prod-us").Release);
        Assert.Null(snapshot.Get("router-staging-us").Release);
    }

    [Fact]
    public async Task Promotion_lands_as_a_new_successful_release_and_leaves_the_world_untouched()
    {
        var platform = Platform(_world);
        var release = _world.Releases["router-staging-us"] with { Status = ReleaseStatus.Pending };
        var ids = new List<string>();
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await platform.PromoteAsync(Request(release, "router-prod-us", "router-prod-eu"), id => { ids.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Single(ids);
        var promoted = (await platform.GetSnapshotAsync(WorldSamples.Router, CancellationToken.None)).Get("router-prod-eu").Release!;
        Assert.Equal(("9f1c2ab", _time.GetUtcNow(), ReleaseStatus.Succeeded), (promoted.Commit, promoted.CreatedAt, promoted.Status));
        Assert.DoesNotContain(_world.Releases.Keys, k => k.StartsWith("router-prod", StringComparison.Ordinal));
    }
}
