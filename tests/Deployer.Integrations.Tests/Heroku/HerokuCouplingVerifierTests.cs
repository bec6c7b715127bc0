using Deployer.Integrations.Heroku;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuCouplingVerifierTests : IAsyncLifetime
{
    private HerokuFake _heroku = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        foreach (var app in new[] { "router-staging", "router-prod-eu", "router-prod-us" })
        {
            _heroku.App(app, "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        }
    }

    public async Task DisposeAsync() => await _heroku.DisposeAsync();

    private void Couplings(params (string App, string Stage)[] couplings)
    {
        // Two pages: the first answers 206 with Next-Range, the second 200.
        string Page(IEnumerable<(string App, string Stage)> items) =>
            "[" + string.Join(",", items.Select(c => $$"""{"app":{"id":"{{HerokuFake.AppId(c.App)}}"},"stage":"{{c.Stage}}"}""")) + "]";
        _heroku.Server.On("GET", "/pipelines/pipe-1/pipeline-couplings", ctx => ctx.Request.Headers["Range"].ToString() == "id ]page2..; max=1"
            ? _heroku.Reply(ctx, Page(couplings.Skip(1)))
            : _heroku.Reply(ctx, Page(couplings.Take(1)), 206, new Dictionary<string, string> { ["Next-Range"] = "id ]page2..; max=1" }));
    }

    [Fact]
    public async Task Reports_nothing_when_every_target_is_coupled_in_its_stage()
    {
        Couplings(("router-staging", "staging"), ("router-prod-eu", "production"), ("router-prod-us", "production"));
        using var services = _heroku.Services();

        var problems = await services.GetRequiredService<HerokuCouplingVerifier>().VerifyAsync([Manifests.Heroku()]);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Reports_an_uncoupled_target_and_a_target_in_another_stage()
    {
        Couplings(("router-staging", "staging"), ("router-prod-eu", "development"));
        using var services = _heroku.Services();

        var problems = await services.GetRequiredService<HerokuCouplingVerifier>().VerifyAsync([Manifests.Heroku()]);

        Assert.Equal(
            [
                "router: target router-prod-eu is coupled to stage 'development' of pipeline pipe-1, but the manifest puts it in 'production'",
                "router: target router-prod-us is not coupled to pipeline pipe-1",
            ],
            problems);
    }

    [Fact]
    public async Task Reports_an_unreadable_pipeline_and_a_missing_pipeline_id()
    {
        using var services = _heroku.Services();

        var problems = await services.GetRequiredService<HerokuCouplingVerifier>().VerifyAsync([Manifests.Heroku(), Manifests.Heroku(pipeline: "")]);

        Assert.Equal(
            [
                "router: cannot read the couplings of pipeline pipe-1: Heroku: HTTP 404 Not Found: not_found: no fake route",
                "router: platform.pipeline is not set",
            ],
            problems);
    }

    [Fact]
    public async Task Waits_while_the_budget_is_under_what_the_sweep_needs_before_calling_heroku()
    {
        Couplings(("router-staging", "staging"), ("router-prod-eu", "production"), ("router-prod-us", "production"));
        using var services = _heroku.Services(s =>
        {
            s["Heroku:RateLimitPerHour"] = "600";
            s["Heroku:ReservedCallsPerMinute"] = "1";
        });

        // Spent: the check waits for the floor (100) plus the sweep's burst (75), 17 minutes of refill at 10 a minute.
        services.GetRequiredService<HerokuRateBudget>().Report(0);
        using var stop = new CancellationTokenSource();
        var verifying = services.GetRequiredService<HerokuCouplingVerifier>().VerifyAsync([Manifests.Heroku()], stop.Token);

        // Proving that nothing is sent needs real time: a check that did not wait would have called within it.
        await Task.WhenAny(verifying, Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System));
        Assert.False(verifying.IsCompleted);
        Assert.Empty(_heroku.Server.Requests);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifying.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(_heroku.Server.Requests);
    }

    [Fact]
    public async Task Looks_up_no_app_whose_id_a_latest_releases_answer_gave()
    {
        Couplings(("router-staging", "staging"), ("router-prod-eu", "production"), ("router-prod-us", "production"));
        using var services = _heroku.Services();
        await HerokuFake.Platform(services).GetSnapshotAsync(Manifests.Heroku(), CancellationToken.None);

        var problems = await services.GetRequiredService<HerokuCouplingVerifier>().VerifyAsync([Manifests.Heroku()]);

        Assert.Empty(problems);
        Assert.Equal(0, _heroku.Server.Requests.Count(r => r.Path.StartsWith("/apps/", StringComparison.Ordinal) && !r.Path.Contains("/slugs/", StringComparison.Ordinal) && !r.Path.Contains("/releases", StringComparison.Ordinal)));
    }
}
