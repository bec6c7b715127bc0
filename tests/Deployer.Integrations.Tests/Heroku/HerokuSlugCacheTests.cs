using Deployer.Integrations.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace Deployer.Integrations.Tests.Heroku;

/// <summary>Slugs are cached, and concurrent misses of one slug (every app of a pipeline runs it) share one GET.</summary>
public sealed class HerokuSlugCacheTests : IAsyncLifetime
{
    private const string Commit = "3333333ccccccccccccccccccccccccccccccccc";
    private const string SlugId = "0e4c1a5e-5a1f-4f6e-9d0a-1b2c3d4e5f60";
    private static readonly string[] Apps = Enumerable.Range(1, 10).Select(i => $"shard-{i:00}").ToArray();
    private HerokuFake _heroku = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        foreach (var app in Apps)
        {
            _heroku.App(app, Commit, slugId: SlugId);
        }
    }

    public async Task DisposeAsync() => await _heroku.DisposeAsync();

    private int SlugGets => _heroku.Server.Requests.Count(r => r.Path.EndsWith($"/slugs/{SlugId}", StringComparison.Ordinal));

    // No pipeline: each snapshot reads its app's release, so ten snapshots race for the one shared slug.
    private static Core.Manifests.ServiceManifest Manifest(string app) => Manifests.Heroku("", ("production", [app]));

    /// <summary>Every app's slug route answers through <paramref name="handler"/>.</summary>
    private void OnSlug(Func<HttpContext, Task> handler)
    {
        foreach (var app in Apps)
        {
            _heroku.Server.On("GET", $"/apps/{app}/slugs/{SlugId}", handler);
        }
    }

    private Task Slug(HttpContext context) => _heroku.Reply(context, $$"""{"id":"{{SlugId}}","commit":"{{Commit}}","commit_description":"fix"}""");

    [Fact]
    public async Task Ten_concurrent_snapshots_of_apps_sharing_a_slug_make_one_slug_request()
    {
        // Hold the slug answer until every release has been asked for, so all ten reads miss the cache together.
        OnSlug(async ctx =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (_heroku.Server.Requests.Count(r => r.Path.EndsWith("/releases", StringComparison.Ordinal)) < Apps.Length
                   && clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(10);
            }

            await Task.Delay(100);
            await Slug(ctx);
        });
        using var services = _heroku.Services(s => s["Heroku:MaxParallelReads"] = "10");
        var platform = HerokuFake.Platform(services);

        var snapshots = await Task.WhenAll(Apps.Select(app => platform.GetSnapshotAsync(Manifest(app), CancellationToken.None)));

        Assert.Equal(1, SlugGets);
        Assert.All(snapshots.Zip(Apps), s => Assert.Equal(Commit, s.First.Get(s.Second).Release?.Commit));
    }

    [Fact]
    public async Task A_failed_slug_request_is_not_cached_so_the_next_read_asks_again()
    {
        var calls = 0;
        OnSlug(ctx => Interlocked.Increment(ref calls) == 1
            ? _heroku.Reply(ctx, """{"id":"not_found","message":"Couldn't find that slug."}""", 404)
            : Slug(ctx));
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);

        var failed = await platform.GetSnapshotAsync(Manifest(Apps[0]), CancellationToken.None);
        var good = await platform.GetSnapshotAsync(Manifest(Apps[0]), CancellationToken.None);
        var cached = await platform.GetSnapshotAsync(Manifest(Apps[1]), CancellationToken.None);

        Assert.Equal("Heroku: HTTP 404 Not Found: not_found: Couldn't find that slug.", failed.Get(Apps[0]).Error);
        Assert.Equal(Commit, good.Get(Apps[0]).Release?.Commit);
        Assert.Equal(Commit, cached.Get(Apps[1]).Release?.Commit);
        Assert.Equal(2, SlugGets);
    }

    [Fact]
    public async Task One_caller_cancelling_does_not_cancel_the_shared_slug_request_for_the_others()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        OnSlug(async ctx =>
        {
            await answer.Task.WaitAsync(TimeSpan.FromSeconds(4));
            await Slug(ctx);
        });
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);
        using var impatient = new CancellationTokenSource();

        var cancelled = platform.GetSnapshotAsync(Manifest(Apps[0]), impatient.Token);
        await Eventually.TrueAsync(() => SlugGets == 1, "the first slug read", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        var patient = platform.GetSnapshotAsync(Manifest(Apps[1]), CancellationToken.None);
        await Eventually.TrueAsync(() => _heroku.Server.Count("GET", $"/apps/{Apps[1]}/releases") == 1, "the second app's releases read", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        answer.SetResult();
        Assert.Equal(Commit, (await patient).Get(Apps[1]).Release?.Commit);
        Assert.Equal(Commit, (await platform.GetSnapshotAsync(Manifest(Apps[0]), CancellationToken.None)).Get(Apps[0]).Release?.Commit);
        Assert.Equal(1, SlugGets);
    }
}
