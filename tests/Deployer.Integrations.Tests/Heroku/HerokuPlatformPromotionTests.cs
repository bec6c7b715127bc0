using System.Text.Json;
using Deployer.Core.Releases;
using Deployer.Integrations.Tests.Fakes;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuPlatformPromotionTests : IAsyncLifetime
{
    private const string Commit = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string PromotionId = "prom-1";
    private HerokuFake _heroku = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        _heroku.App("router-staging", Commit);
        _heroku.App("router-prod-eu", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        _heroku.App("router-prod-us", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        _heroku.Server.On("POST", "/pipeline-promotions", ctx => _heroku.Reply(ctx, $$"""{"id":"{{PromotionId}}","status":"pending"}""", 201));
    }

    public async Task DisposeAsync() => await _heroku.DisposeAsync();

    private static PromotionRequest Request(params string[] targets) => new(
        Manifests.Heroku(),
        "staging",
        "production",
        "router-staging",
        new Release { Commit = Commit, Version = 12 },
        targets.Length == 0 ? ["router-prod-eu", "router-prod-us"] : targets);

    /// <summary>Promotion targets answer <c>pending</c> for the first <paramref name="pendingPolls"/> polls, then the given final states.</summary>
    private void PromotionTargets(int pendingPolls, params (string App, string Status, string? Error)[] final)
    {
        var polls = 0;
        _heroku.Server.On("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets", ctx =>
        {
            var pending = Interlocked.Increment(ref polls) <= pendingPolls;
            var items = final.Select(f => new
            {
                id = Guid.NewGuid(),
                app = new { id = HerokuFake.AppId(f.App) },
                status = pending ? "pending" : f.Status,
                error_message = pending ? null : f.Error,
            });
            return _heroku.Reply(ctx, JsonSerializer.Serialize(items));
        });
    }

    [Fact]
    public async Task Posts_app_ids_records_the_promotion_id_and_polls_until_no_target_is_pending()
    {
        PromotionTargets(2, ("router-prod-eu", "succeeded", null), ("router-prod-us", "succeeded", null));
        using var services = _heroku.Services();
        var recorded = new List<(string Id, int PollsSoFar)>();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), id =>
        {
            recorded.Add((id, _heroku.Server.Count("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets")));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.All(result.Targets, t => Assert.True(t.Succeeded));
        Assert.Equal([(PromotionId, 0)], recorded);
        Assert.Equal(3, _heroku.Server.Count("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets"));
        var body = JsonDocument.Parse(_heroku.Server.Requests.Single(r => r.Method == "POST").Body).RootElement;
        Assert.Equal("pipe-1", body.GetProperty("pipeline").GetProperty("id").GetString());
        Assert.Equal(HerokuFake.AppId("router-staging"), body.GetProperty("source").GetProperty("app").GetProperty("id").GetString());
        Assert.Equal(
            [HerokuFake.AppId("router-prod-eu"), HerokuFake.AppId("router-prod-us")],
            body.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("app").GetProperty("id").GetString()!).ToArray());
    }

    [Fact]
    public async Task Resolves_app_names_to_ids_once()
    {
        PromotionTargets(0, ("router-prod-eu", "succeeded", null), ("router-prod-us", "succeeded", null));
        using var services = _heroku.Services();
        var platform = HerokuFake.Platform(services);

        await platform.PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);
        await platform.PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(1, _heroku.Server.Count("GET", "/apps/router-prod-eu"));
        Assert.Equal(1, _heroku.Server.Count("GET", "/apps/router-staging"));
    }

    [Fact]
    public async Task A_failed_target_carries_herokus_error_message()
    {
        PromotionTargets(1, ("router-prod-eu", "succeeded", null), ("router-prod-us", "failed", "Release command failed"));
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Heroku: promotion prom-1 failed on router-prod-us: Release command failed", result.Message);
        Assert.True(result.Targets.Single(t => t.Target == "router-prod-eu").Succeeded);
        Assert.Equal("Release command failed", result.Targets.Single(t => t.Target == "router-prod-us").Error);
    }

    [Fact]
    public async Task A_failing_post_is_never_retried_and_fails_with_the_platform_message()
    {
        _heroku.Server.On("POST", "/pipeline-promotions", ctx => _heroku.Reply(ctx, """{"id":"internal_server_error","message":"try later"}""", 503));
        using var services = _heroku.Services();
        var recorded = new List<string>();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), id => { recorded.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Heroku: HTTP 503 Service Unavailable: internal_server_error: try later", result.Message);
        Assert.Equal(1, _heroku.Server.Count("POST", "/pipeline-promotions"));
        Assert.Empty(recorded);
    }

    [Fact]
    public async Task A_forbidden_promotion_reports_herokus_reason()
    {
        _heroku.Server.On("POST", "/pipeline-promotions", ctx => _heroku.Reply(ctx, """{"id":"forbidden","message":"You do not have access to the pipeline."}""", 403));
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal("Heroku: HTTP 403 Forbidden: forbidden: You do not have access to the pipeline.", result.Message);
        Assert.All(result.Targets, t => Assert.False(t.Succeeded));
    }

    [Fact]
    public async Task Refuses_when_the_source_no_longer_runs_the_decided_release()
    {
        _heroku.App("router-staging", "9999999ccccccccccccccccccccccccccccccccc", version: 13);
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Heroku: router-staging now runs 9999999, not 1111111; not promoting", result.Message);
        Assert.Equal(0, _heroku.Server.Count("POST", "/pipeline-promotions"));
    }

    [Fact]
    public async Task Reads_promotion_targets_across_206_pages()
    {
        _heroku.Server.On("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets", ctx =>
        {
            var range = ctx.Request.Headers["Range"].ToString();
            return range == "id ]eu..; max=1"
                ? _heroku.Reply(ctx, $$"""[{"app":{"id":"{{HerokuFake.AppId("router-prod-us")}}"},"status":"succeeded","error_message":null}]""")
                : _heroku.Reply(ctx, $$"""[{"app":{"id":"{{HerokuFake.AppId("router-prod-eu")}}"},"status":"succeeded","error_message":null}]""",
                    206, new Dictionary<string, string> { ["Next-Range"] = "id ]eu..; max=1" });
        });
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request(), _ => Task.CompletedTask, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, _heroku.Server.Count("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets"));
    }

    [Fact]
    public async Task Keeps_polling_through_a_transient_error()
    {
        var polls = 0;
        _heroku.Server.On("GET", $"/pipeline-promotions/{PromotionId}/promotion-targets", ctx => Interlocked.Increment(ref polls) <= 2
            ? _heroku.Reply(ctx, """{"id":"internal_server_error","message":"hiccup"}""", 500)
            : _heroku.Reply(ctx, $$"""[{"app":{"id":"{{HerokuFake.AppId("router-prod-eu")}}"},"status":"succeeded"}]"""));
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).PromoteAsync(Request("router-prod-eu"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task Gives_up_after_the_promotion_timeout_while_still_pending()
    {
        PromotionTargets(int.MaxValue, ("router-prod-eu", "succeeded", null));
        using var services = _heroku.Services(s => s["Heroku:PromotionTimeout"] = "00:00:00.200");

        var result = await HerokuFake.Platform(services).PromoteAsync(Request("router-prod-eu"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Heroku: promotion prom-1 still pending after 200ms", result.Message);
    }

    [Fact]
    public async Task Resume_polls_an_existing_promotion_without_posting_again()
    {
        PromotionTargets(1, ("router-prod-eu", "succeeded", null), ("router-prod-us", "failed", "Boot timeout"));
        using var services = _heroku.Services();

        var result = await HerokuFake.Platform(services).ResumeAsync(Manifests.Heroku(), PromotionId, ["router-prod-eu", "router-prod-us"], CancellationToken.None);

        Assert.NotNull(result);
        Assert.False(result.Succeeded);
        Assert.Equal("Boot timeout", result.Targets.Single(t => t.Target == "router-prod-us").Error);
        Assert.Equal(0, _heroku.Server.Count("POST", "/pipeline-promotions"));
    }

    [Fact]
    public async Task Resume_throws_when_a_target_cannot_be_resolved_rather_than_calling_the_promotion_failed()
    {
        using var services = _heroku.Services();

        var ex = await Assert.ThrowsAsync<Deployer.Integrations.Http.IntegrationException>(() =>
            HerokuFake.Platform(services).ResumeAsync(Manifests.Heroku(), PromotionId, ["router-gone"], CancellationToken.None));

        Assert.Equal("Heroku: HTTP 404 Not Found: not_found: no fake route", ex.Message);
    }
}
