using System.Text.Json;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Integrations.Tests.Fakes;

namespace Deployer.Integrations.Tests.Heroku;

/// <summary>The Heroku rollback against a fake Heroku on loopback: wire format, polling, failure, resume, budget.</summary>
public sealed class HerokuPlatformRollbackTests : IAsyncLifetime
{
    private const string Old = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private HerokuFake _heroku = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        _heroku.App("router-prod-eu", "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", version: 13);
        _heroku.App("router-prod-us", "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", version: 13);
    }

    public async Task DisposeAsync() => await _heroku.DisposeAsync();

    private static RollbackPlan Plan(params string[] targets) => new(
        Manifests.Heroku(), "production",
        [.. (targets.Length == 0 ? ["router-prod-eu", "router-prod-us"] : targets).Select(t => new PreviousRelease(t, $"rel-{t}-12", Old, 12))]);

    /// <summary>POST creates release <c>new-{app}</c>; its GET answers pending <paramref name="pendingPolls"/> times, then <paramref name="final"/>.</summary>
    private void Rollbacks(int pendingPolls, string final = "succeeded", string? onlyFor = null, string? finalFor = null)
    {
        foreach (var app in new[] { "router-prod-eu", "router-prod-us" })
        {
            var polls = 0;
            var status = finalFor is not null && app == onlyFor ? finalFor : final;
            _heroku.Server.On("POST", $"/apps/{app}/releases", ctx => _heroku.Reply(ctx, Release(app, "pending"), 201));
            _heroku.Server.On("GET", $"/apps/{app}/releases/new-{app}", ctx =>
                _heroku.Reply(ctx, Release(app, Interlocked.Increment(ref polls) <= pendingPolls ? "pending" : status)));
        }
    }

    private static string Release(string app, string status) =>
        "{\"id\":\"new-" + app + "\",\"version\":14,\"status\":\"" + status + "\",\"current\":false,\"created_at\":\"2024-05-01T11:00:00Z\"," +
        "\"description\":\"Rollback to v12\",\"slug\":{\"id\":\"slug-old\"},\"app\":{\"id\":\"" + HerokuFake.AppId(app) + "\",\"name\":\"" + app + "\"}}";

    [Fact]
    public async Task Posts_the_previous_release_id_per_app_records_the_new_ids_and_polls_until_succeeded()
    {
        Rollbacks(pendingPolls: 2);
        using var services = _heroku.Services();
        var recorded = new List<string>();

        var result = await ((IReleasePlatform)HerokuFake.Platform(services)).RollbackAsync(Plan(), id => { recorded.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        var posts = _heroku.Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(["/apps/router-prod-eu/releases", "/apps/router-prod-us/releases"], posts.Select(p => p.Path));
        Assert.Equal("rel-router-prod-eu-12", JsonDocument.Parse(posts[0].Body).RootElement.GetProperty("release").GetString());
        Assert.Single(JsonDocument.Parse(posts[0].Body).RootElement.EnumerateObject());
        Assert.All(posts, p => Assert.Equal(("application/vnd.heroku+json; version=3", "Bearer t0ken"), (p.Header("Accept"), p.Header("Authorization"))));
        Assert.Equal(["heroku-rollback:router-prod-eu=new-router-prod-eu", "heroku-rollback:router-prod-eu=new-router-prod-eu;router-prod-us=new-router-prod-us"], recorded);
        Assert.Equal(3, _heroku.Server.Count("GET", "/apps/router-prod-eu/releases/new-router-prod-eu"));
        Assert.Contains("router-prod-eu to rel-router-prod-eu-12 (2222222)", result.Message);
    }

    [Fact]
    public async Task A_release_heroku_marks_failed_fails_that_target_with_its_version()
    {
        Rollbacks(pendingPolls: 1, onlyFor: "router-prod-us", finalFor: "failed");
        using var services = _heroku.Services();

        var result = await ((IReleasePlatform)HerokuFake.Platform(services)).RollbackAsync(Plan(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Targets.Single(t => t.Target == "router-prod-eu").Succeeded);
        Assert.Equal("release v14 (new-router-prod-us) failed: Rollback to v12", result.Targets.Single(t => t.Target == "router-prod-us").Error);
        Assert.StartsWith("Heroku: rollback failed on router-prod-us", result.Message);
    }

    [Fact]
    public async Task A_refused_post_fails_with_herokus_message_and_later_targets_are_not_attempted()
    {
        Rollbacks(pendingPolls: 0);
        _heroku.Server.On("POST", "/apps/router-prod-eu/releases", ctx => _heroku.Reply(ctx, """{"id":"not_found","message":"Couldn't find that release."}""", 404));
        using var services = _heroku.Services();
        var recorded = new List<string>();

        var result = await ((IReleasePlatform)HerokuFake.Platform(services)).RollbackAsync(Plan(), id => { recorded.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("Couldn't find that release.", result.Targets[0].Error);
        Assert.Equal("not attempted: an earlier target failed", result.Targets[1].Error);
        Assert.Equal(0, _heroku.Server.Count("POST", "/apps/router-prod-us/releases"));
        Assert.Empty(recorded);
    }

    [Fact]
    public async Task Resume_polls_the_recorded_releases_without_posting_again()
    {
        Rollbacks(pendingPolls: 1);
        using var services = _heroku.Services();
        IReleasePlatform platform = HerokuFake.Platform(services);

        var resumed = await platform.ResumeRollbackAsync(Manifests.Heroku(), "heroku-rollback:router-prod-eu=new-router-prod-eu;router-prod-us=new-router-prod-us", Plan(), CancellationToken.None);
        var cutShort = await platform.ResumeRollbackAsync(Manifests.Heroku(), "heroku-rollback:router-prod-eu=new-router-prod-eu", Plan(), CancellationToken.None);

        Assert.True(resumed!.Succeeded, resumed.Message);
        Assert.False(cutShort!.Succeeded);
        Assert.True(cutShort.Unfinished);
        Assert.Equal(0, _heroku.Server.Count("POST", "/apps/router-prod-eu/releases"));
        Assert.Null(await platform.ResumeRollbackAsync(Manifests.Heroku(), "prom-1", Plan(), CancellationToken.None));
    }

    [Fact]
    public async Task A_spent_budget_refuses_before_any_call()
    {
        Rollbacks(pendingPolls: 0);
        _heroku.RateLimitRemaining = 1;
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);
        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);
        var before = _heroku.Server.Requests.Count;

        var result = await ((IReleasePlatform)platform).RollbackAsync(Plan(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("rate budget too low to roll back", result.Message);
        Assert.Equal(before, _heroku.Server.Requests.Count);
    }
}
