using System.Text.Json;
using Deployer.Bot.Dashboard.Live;
using Deployer.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>The board and the service page in a real Chromium against the bot in local mode.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(BrowserFixture browser) : IAsyncLifetime
{
    // An incident whose title tries to run script: it reaches the page through router's incidents check reason.
    private const string World =
        """
        { "incidents": [ { "id": "Q1", "service": "PROUTER", "status": "triggered",
                           "title": "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>" } ] }
        """;

    private DashboardBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await DashboardBot.StartAsync(World);
        // A fresh release on router's staging: staging→production now differs and its checks block (bake time, incident).
        await _bot.LandAsync("router");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_board_lists_every_local_pipeline_with_the_same_commits_as_the_api()
    {
        var api = await ApiJson.GetAsync(_bot.Bot.Http, "/api/pipelines");
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");

        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('tr[data-service] li[data-target]')].map(li => [li.dataset.target, li.dataset.commit || '']))");
        var expected = new Dictionary<string, string>();
        foreach (var pipeline in api.EnumerateArray())
        {
            await Expect(page.Locator($"tr[data-service='{pipeline.Str("service")}']")).ToHaveCountAsync(1);
            foreach (var target in pipeline.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("targets").EnumerateArray()))
            {
                var release = target.GetProperty("release");
                expected[target.Str("target")!] = release.ValueKind == JsonValueKind.Null ? "" : release.Str("shortCommit")!;
            }
        }

        Assert.True(api.GetArrayLength() >= 4, "router, billing, checkout and the test's demo pipeline");
        await Expect(page.Locator("tr[data-service]")).ToHaveCountAsync(api.GetArrayLength());
        Assert.Equal(expected.OrderBy(e => e.Key), shown.OrderBy(e => e.Key));
        Assert.All(expected.Values, c => Assert.NotEqual("", c));
    }

    [Fact]
    public async Task A_hold_placed_on_the_console_shows_on_the_open_board_within_two_seconds_without_a_reload()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => window.__sameDocument = true");
        var row = page.Locator("tr[data-service='billing']");
        await Expect(row).Not.ToContainTextAsync("held:");

        await _bot.CommandAsync("hold billing production for 1h db migration");

        // No cycle ran (the interval is an hour): the hold came through the event stream, at once.
        await Expect(row).ToContainTextAsync("held: production by local", new() { Timeout = 2_000 });
        await Expect(row).ToHaveAttributeAsync("data-state", "Held", new() { Timeout = 2_000 });

        // The next cycle turns it into the pair's decision, pushed the same way.
        await _bot.LandAsync("billing");
        await Expect(row.Locator("td[data-pair='staging→production'] .badge")).ToContainTextAsync("held", new() { Timeout = 2_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));

        await _bot.CommandAsync("resume billing production");
        await Expect(row).Not.ToContainTextAsync("held:", new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task After_a_dropped_stream_the_page_reconnects_and_redraws_what_it_missed()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        var row = page.Locator("tr[data-service='checkout']");
        await Expect(row).Not.ToContainTextAsync("while away");

        // The server ends every stream (as on shutdown); the change right after it reaches no open stream.
        _bot.Services.GetRequiredService<ChangeBroadcaster>().CompleteAll();
        await _bot.CommandAsync("hold checkout production while away");

        await Expect(row).ToContainTextAsync("while away", new() { Timeout = 8_000 });
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await _bot.CommandAsync("resume checkout production");
        await Expect(row).Not.ToContainTextAsync("while away", new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task A_force_request_shows_on_the_open_service_page_at_once()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        // checkout, not router: router has an open incident, where a force-promote proceeds at once (break-glass).
        await _bot.LandAsync("checkout");
        await page.GotoAsync("/pipelines/checkout");
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await Expect(page.Locator("#force-heading + p")).ToHaveTextAsync("No open request.");

        await _bot.CommandAsync("force checkout staging hotfix for INC-42");

        var requests = page.Locator("section[aria-labelledby='force-heading'] table");
        await Expect(requests).ToContainTextAsync("hotfix for INC-42", new() { Timeout = 2_000 });
        await Expect(requests).ToContainTextAsync("0/1");
    }

    [Fact]
    public async Task The_service_page_shows_every_check_with_its_reason()
    {
        var api = (await ApiJson.GetAsync(_bot.Bot.Http, "/api/pipelines?service=router"))[0];
        var pair = api.GetProperty("pairs")[0];
        Assert.Equal("Blocked", pair.Str("decision"));
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/pipelines/router");

        var rows = await page.Locator(".pair-detail .checks-table tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        var expected = pair.GetProperty("checks").EnumerateArray().Select(c => new[] { c.Str("check"), c.Str("outcome"), c.Str("reason") }).ToList();
        Assert.True(expected.Count >= 5, $"router checks: {expected.Count}");
        Assert.Equal(expected.Select(e => string.Join(" | ", e)), rows.Select(r => string.Join(" | ", r.Take(3))));
        await Expect(page.Locator("section[aria-labelledby='config-heading']")).ToContainTextAsync("router is up");
        await Expect(page.Locator("section[aria-labelledby='timeline-heading'] svg")).ToBeVisibleAsync();
        await Expect(page.Locator("section[aria-labelledby='audit-heading'] tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("input.cmd").First).ToHaveValueAsync("/deployer force router production <reason>");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Console");
    }

    [Fact]
    public async Task Filtering_by_name_and_by_not_in_sync()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");
        var states = await page.Locator("tr[data-service]").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.service, r.dataset.state])");
        Assert.True(states.Length >= 4, "router, billing, checkout and the test's demo pipeline");

        await page.GetByLabel("Service").FillAsync("ROUT");
        await page.GetByLabel("Service").PressAsync("Enter");
        await Expect(page.Locator("tr[data-service]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-service='router']")).ToHaveCountAsync(1);

        await page.GetByLabel("Service").FillAsync("");
        await page.GetByLabel("only pipelines that are not in sync").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var notInSync = states.Where(s => s[1] != "InSync").Select(s => s[0]).Order().ToList();
        Assert.Contains("router", notInSync);
        Assert.True(notInSync.Count < states.Length, "at least one local pipeline is in sync");
        await Expect(page.Locator("tr[data-service]")).ToHaveCountAsync(notInSync.Count);
        var shown = await page.Locator("tr[data-service]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.service)");
        Assert.Equal(notInSync, shown.Order().ToList());

        await page.GetByLabel("Service").FillAsync("no-such-service");
        await page.GetByLabel("Service").PressAsync("Enter");
        await Expect(page.Locator("#no-rows")).ToHaveTextAsync("No pipeline matches.");
    }

    [Fact]
    public async Task Script_in_an_incident_title_or_a_hold_reason_stays_text()
    {
        const string reason = "<script>window.__xss=3</script><b onmouseover=\"window.__xss=4\">bold</b>";
        await _bot.CommandAsync($"hold checkout all {reason}");
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;

        foreach (var path in new[] { "/", "/pipelines/router", "/pipelines/checkout" })
        {
            await page.GotoAsync(path);
            Assert.Equal(0, await page.Locator("main img, main b, main script").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        }

        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-service='router']")).ToContainTextAsync("<img src=x onerror=\"window.__xss=1\">");
        await Expect(page.Locator("tr[data-service='checkout']")).ToContainTextAsync(reason);
    }

    [Fact]
    public async Task An_open_page_keeps_a_bounded_document_through_many_changes()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        var before = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");

        for (var i = 0; i < 25; i++)
        {
            await _bot.CommandAsync($"hold billing all round {i}");
            await _bot.CommandAsync("resume billing");
        }

        await _bot.CommandAsync("hold billing all last round");
        await Expect(page.Locator("tr[data-service='billing']")).ToContainTextAsync("last round");
        await _bot.CommandAsync("resume billing");
        await Expect(page.Locator("tr[data-service='billing']")).Not.ToContainTextAsync("last round");
        Assert.Equal(before, await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length"));
    }
}
