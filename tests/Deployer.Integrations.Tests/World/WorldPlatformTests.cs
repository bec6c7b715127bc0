using Deployer.Core.Releases;
using Deployer.Integrations.World;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldPlatformTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private WorldFile _world = WorldSamples.Parse(WorldSamples.Documented);

    private WorldPlatform Platform() => new(() => _world, _time);

    private static PromotionRequest Request(Release release, params string[] targets) =>
        new(WorldSamples.Router, "staging", "production", "router-staging-us", release, targets);

    [Fact]
    public async Task Snapshot_reads_releases_and_marks_missing_targets()
    {
        var snapshot = await Platform().GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);

        Assert.Equal("world", Platform().Kind);
        Assert.Equal("router", snapshot.Service);
        Assert.Equal(_time.GetUtcNow(), snapshot.TakenAt);
        Assert.Equal(4, snapshot.Targets.Count);
        Assert.Equal("9f1c2ab", snapshot.Get("router-staging-us").Release?.Commit);
        var missing = snapshot.Get("router-prod-eu");
        Assert.Null(missing.Release);
        Assert.Equal("no release", missing.Error);
    }

    [Fact]
    public async Task Promotion_lands_in_the_overlay_as_a_new_release()
    {
        var platform = Platform();
        var release = _world.Releases["router-staging-us"];
        var ids = new List<string>();
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await platform.PromoteAsync(Request(release, "router-prod-us", "router-prod-eu"), id => { ids.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(["router-prod-us", "router-prod-eu"], result.Targets.Select(t => t.Target));
        Assert.Single(ids);
        var snapshot = await platform.GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);
        var promoted = snapshot.Get("router-prod-eu").Release!;
        Assert.Equal("9f1c2ab", promoted.Commit);
        Assert.Equal(_time.GetUtcNow(), promoted.CreatedAt);
        Assert.Null(snapshot.Get("router-prod-eu").Error);
        Assert.DoesNotContain(_world.Releases.Keys, k => k.StartsWith("router-prod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edited_world_file_wins_over_an_earlier_promotion()
    {
        var platform = Platform();
        await platform.PromoteAsync(Request(_world.Releases["router-staging-us"], "router-prod-us"), _ => Task.CompletedTask, CancellationToken.None);

        var releases = new Dictionary<string, Release>(_world.Releases, StringComparer.OrdinalIgnoreCase)
        {
            ["router-prod-us"] = new Release { Commit = "0000000aaa", Version = 7 },
        };
        _world = _world with { Releases = releases };
        var snapshot = await platform.GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);

        Assert.Equal("0000000aaa", snapshot.Get("router-prod-us").Release?.Commit);
    }

    [Fact]
    public async Task Reloading_an_unchanged_world_keeps_the_promotion()
    {
        var platform = Platform();
        await platform.PromoteAsync(Request(_world.Releases["router-staging-us"], "router-prod-us"), _ => Task.CompletedTask, CancellationToken.None);

        _world = WorldSamples.Parse(WorldSamples.Documented);
        var snapshot = await platform.GetSnapshotAsync(WorldSamples.Router, CancellationToken.None);

        Assert.Equal("9f1c2ab", snapshot.Get("router-prod-us").Release?.Commit);
    }
}
