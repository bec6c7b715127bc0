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
}
