using System.Net;
using Deployer.Bot.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>With <c>Dashboard:Token</c> set, the pages and <c>/events</c> need it: once as <c>?token=</c> (then a cookie), or as a bearer token.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTokenTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Token = "s3cret-dashboard-token";
    private DashboardBot _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await DashboardBot.StartAsync(overrides: new Dictionary<string, string?> { ["Dashboard:Token"] = Token });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/pipelines/router")]
    [InlineData("/pipelines/router/live")]
    [InlineData("/dashboard/rows/router")]
    [InlineData("/events")]
    [InlineData("/?token=wrong")]
    public async Task Without_the_token_every_page_and_the_event_stream_are_refused(string path)
    {
        using var response = await _bot.Bot.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("?token=", body);
        Assert.DoesNotContain(Token, body);
    }

    [Fact]
    public async Task A_bearer_token_opens_the_pages_and_the_api_stays_as_it_was()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await _bot.Bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("tr id=\"row-router\"", await response.Content.ReadAsStringAsync());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/");
        wrong.Headers.Authorization = new("Bearer", Token + "x");
        using var refused = await _bot.Bot.Http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var css = await _bot.Bot.Http.GetAsync("/dashboard/dashboard.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task The_token_in_the_address_once_sets_a_cookie_and_leaves_the_address_bar()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;

        var refused = await page.GotoAsync("/pipelines/router");
        Assert.Equal(401, refused!.Status);

        await page.GotoAsync($"/pipelines/router?token={Token}");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Pipeline router");
        // The cookie also carries the event stream: the page goes live and a hold reaches it.
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await _bot.CommandAsync("hold router all for 1h token test");
        await Expect(page.Locator("#live")).ToContainTextAsync("token test", new() { Timeout = 2_000 });

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "deployer_dashboard");
        Assert.True(cookie.HttpOnly);
        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-service='router']")).ToHaveCountAsync(1);
    }
}
