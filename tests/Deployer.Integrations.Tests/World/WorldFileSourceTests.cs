using Deployer.Integrations.Tests.ManifestFiles;
using Deployer.Integrations.World;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldFileSourceTests
{
    [Fact]
    public void Rereads_a_changed_file_and_keeps_the_last_good_world_on_a_bad_edit()
    {
        using var dir = new TempDir();
        var path = dir.Write("world.json", """{ "librato": { "firing": [1] } }""");
        var source = new WorldFileSource(path);

        Assert.Equal([1L], source.Current.Librato.Firing);

        File.WriteAllText(path, """{ "librato": { "firing": [1, 2] } }""");
        File.SetLastWriteTimeUtc(path, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal([1L, 2L], source.Current.Librato.Firing);

        File.WriteAllText(path, """{ "librato": { "firing": "oops" } }""");
        File.SetLastWriteTimeUtc(path, new DateTime(2030, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal([1L, 2L], source.Current.Librato.Firing);
        Assert.Equal("$.librato.firing", Assert.Single(source.Errors).Path);
    }

    [Fact]
    public void Missing_file_serves_an_empty_world_and_says_so()
    {
        using var dir = new TempDir();
        var source = new WorldFileSource(Path.Combine(dir.Path, "none.json"));

        Assert.Empty(source.Current.Releases);
        Assert.Contains("does not exist", Assert.Single(source.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void World_time_provider_uses_now_from_the_world_when_present()
    {
        var fallback = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var world = WorldSamples.Parse("""{ "now": "2026-11-26T13:00:00+01:00" }""");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), new WorldTimeProvider(() => world, fallback).GetUtcNow());
        Assert.Equal(fallback.GetUtcNow(), new WorldTimeProvider(() => WorldFile.Empty, fallback).GetUtcNow());
    }
}
