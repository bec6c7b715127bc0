using Deployer.Core.Releases;
using Deployer.Integrations.Tests.Fakes;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuPlatformSnapshotTests : IAsyncLifetime
{
    private const string Staging = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Prod = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly string LatestReleases = $"/pipelines/{HerokuFake.PipelineId}/latest-releases";
    private HerokuFake _heroku = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        _heroku.App("router-staging", Staging, version: 42);
        _heroku.App("router-prod-eu", Prod, version: 17);
        _heroku.App("router-prod-us", Prod, version: 9, status: "pending");
    }

    public async Task DisposeAsync() => await _heroku.DisposeAsync();

    [Fact]
    public async Task Reads_the_newest_release_of_each_target_with_its_slug_commit()
    {
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        var staging = snapshot.Get("router-staging").Release!;
        Assert.Equal(Staging, staging.Commit);
        Assert.Equal(42, staging.Version);
        Assert.Equal("rel-42", staging.Id);
        Assert.Equal(ReleaseStatus.Succeeded, staging.Status);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), staging.CreatedAt);
        Assert.Equal(Prod, snapshot.Get("router-prod-eu").Release!.Commit);
        Assert.Equal(ReleaseStatus.Pending, snapshot.Get("router-prod-us").Release!.Status);
    }

    [Fact]
    public async Task One_call_reads_the_whole_pipeline_resolving_its_name_once_with_the_v3_headers()
    {
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);

        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);
        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Equal(1, _heroku.Server.Count("GET", $"/pipelines/{HerokuFake.PipelineName}"));
        Assert.Equal(2, _heroku.Server.Count("GET", LatestReleases));
        Assert.DoesNotContain(_heroku.Server.Requests, r => r.Path.EndsWith("/releases", StringComparison.Ordinal) && r.Path.StartsWith("/apps/", StringComparison.Ordinal));
        var request = _heroku.Server.Requests.First(r => r.Path == LatestReleases);
        Assert.Equal("application/vnd.heroku+json; version=3", request.Header("Accept"));
        Assert.Equal("Bearer t0ken", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_steady_read_costs_one_call_per_pipeline_because_slugs_are_cached()
    {
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);

        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);
        var before = _heroku.Server.Requests.Count;
        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        var second = _heroku.Server.Requests.Skip(before).ToList();
        var call = Assert.Single(second);
        Assert.Equal(LatestReleases, call.Path);
    }

    [Fact]
    public async Task A_pipeline_given_by_id_is_read_without_resolving_it()
    {
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(HerokuFake.PipelineId), CancellationToken.None);

        Assert.Equal(Staging, snapshot.Get("router-staging").Release!.Commit);
        Assert.Equal(0, _heroku.Server.Count("GET", $"/pipelines/{HerokuFake.PipelineName}"));
    }

    [Fact]
    public async Task A_target_the_pipeline_answer_lacks_is_read_app_by_app()
    {
        _heroku.App("router-prod-us", Prod, version: 10, coupled: false);
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Equal(10, snapshot.Get("router-prod-us").Release!.Version);
        Assert.Equal(1, _heroku.Server.Count("GET", "/apps/router-prod-us/releases"));
        Assert.Equal(0, _heroku.Server.Count("GET", "/apps/router-staging/releases"));
        var fallback = _heroku.Server.Requests.First(r => r.Path == "/apps/router-prod-us/releases");
        Assert.Equal("version ..; order=desc, max=1", fallback.Header("Range"));
    }

    [Fact]
    public async Task Targets_named_by_app_id_are_matched_by_id()
    {
        var euId = HerokuFake.AppId("router-prod-eu");
        using var services = _heroku.Services();
        var manifest = Manifests.Heroku(stages: [("staging", ["router-staging"]), ("production", [euId])]);

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(manifest, CancellationToken.None);

        Assert.Equal(Prod, snapshot.Get(euId).Release!.Commit);
        Assert.Equal(0, _heroku.Server.Count("GET", $"/apps/{euId}/releases"));
    }

    [Fact]
    public async Task Unauthorized_surfaces_herokus_error_id_and_message_on_every_target()
    {
        _heroku.Server.On("GET", LatestReleases, ctx => _heroku.Reply(ctx, """{"id":"unauthorized","message":"Invalid credentials provided."}""", 401));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.All(snapshot.Targets.Values, t =>
        {
            Assert.Null(t.Release);
            Assert.Equal("Heroku: HTTP 401 Unauthorized: unauthorized: Invalid credentials provided.", t.Error);
        });
        Assert.Equal(1, _heroku.Server.Count("GET", LatestReleases));
    }

    [Fact]
    public async Task A_server_error_is_retried_once_then_reported_on_every_target()
    {
        _heroku.Server.On("GET", LatestReleases, ctx => _heroku.Reply(ctx, """{"id":"internal_server_error","message":"boom"}""", 500));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Equal("Heroku: HTTP 500 Internal Server Error: internal_server_error: boom", snapshot.Get("router-staging").Error);
        Assert.Equal(2, _heroku.Server.Count("GET", LatestReleases));
        Assert.Null(snapshot.Get("router-prod-eu").Release);
    }

    [Fact]
    public async Task A_failing_app_read_in_the_fallback_fails_only_that_target()
    {
        _heroku.App("router-staging", Staging, version: 42, coupled: false);
        _heroku.Server.On("GET", "/apps/router-staging/releases", ctx => _heroku.Reply(ctx, """{"id":"internal_server_error","message":"boom"}""", 500));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Equal("Heroku: HTTP 500 Internal Server Error: internal_server_error: boom", snapshot.Get("router-staging").Error);
        Assert.NotNull(snapshot.Get("router-prod-eu").Release);
    }

    [Fact]
    public async Task A_hanging_api_times_out_with_the_configured_timeout()
    {
        _heroku.Server.On("GET", LatestReleases, FakeHttpServer.Hang);
        using var services = _heroku.Services(s => s["Heroku:Timeout"] = IntegrationHost.ShortTimeout);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(HerokuFake.PipelineId), CancellationToken.None);

        Assert.Equal("Heroku: timed out after 400ms", snapshot.Get("router-staging").Error);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_such()
    {
        _heroku.Server.On("GET", LatestReleases, ctx => _heroku.Reply(ctx, "[{\"id\": \"rel-1\", \"version\": "));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.StartsWith("Heroku: malformed JSON: ", snapshot.Get("router-staging").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_missing_required_fields_is_malformed()
    {
        _heroku.Server.On("GET", LatestReleases, ctx => _heroku.Reply(ctx, """[{"id":"rel-1","status":"succeeded","app":{"id":"a1","name":"router-staging"}}]"""));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.StartsWith("Heroku: malformed JSON: ", snapshot.Get("router-staging").Error, StringComparison.Ordinal);
        Assert.Contains("version", snapshot.Get("router-staging").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slug_without_a_commit_is_a_target_error()
    {
        _heroku.Server.On("GET", $"/apps/router-staging/slugs/slug-{Staging}", ctx => _heroku.Reply(ctx, """{"id":"x","commit":null}"""));
        using var services = _heroku.Services();

        var snapshot = await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Contains("has no commit", snapshot.Get("router-staging").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_read_is_refused_without_calling_when_the_reported_budget_is_below_the_floor()
    {
        _heroku.RateLimitRemaining = 40;
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);
        await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);
        var before = _heroku.Server.Requests.Count;

        Assert.False(platform.TryAcquireSweepRead(Manifests.Heroku()));
        Assert.Equal(before, _heroku.Server.Requests.Count);
    }

    [Fact]
    public async Task A_429_spends_the_budget_so_the_next_read_defers()
    {
        _heroku.Server.On("GET", LatestReleases, ctx => FakeHttpServer.Json(ctx, """{"id":"rate_limit","message":"Your account reached the API rate limit"}""", 429));
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);

        var first = await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);
        var second = await platform.GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        Assert.Contains("HTTP 429 Too Many Requests: rate_limit: Your account reached the API rate limit", first.Get("router-staging").Error, StringComparison.Ordinal);
        Assert.Equal(1, _heroku.Server.Count("GET", LatestReleases));
        Assert.StartsWith("Heroku: rate budget spent (", second.Get("router-staging").Error, StringComparison.Ordinal);
        Assert.False(platform.TryAcquireSweepRead(Manifests.Heroku()));
    }
}
