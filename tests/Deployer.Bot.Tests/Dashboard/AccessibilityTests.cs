using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>axe-core (a file in this project, injected into the page) finds no serious or critical violation on either page, light or dark.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string Axe = Path.Combine(AppContext.BaseDirectory, "Dashboard", "axe.min.js");
    private DashboardBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await DashboardBot.StartAsync();
        await _bot.LandAsync("router");
        await _bot.CommandAsync("hold billing production for 2h db migration");
        await _bot.CommandAsync("force router production hotfix for INC-42");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Theory]
    [InlineData("/", ColorScheme.Light)]
    [InlineData("/", ColorScheme.Dark)]
    [InlineData("/pipelines/router", ColorScheme.Light)]
    [InlineData("/pipelines/router", ColorScheme.Dark)]
    public async Task No_serious_or_critical_violations(string path, ColorScheme scheme)
    {
        Assert.True(File.Exists(Axe), $"axe-core missing at {Axe}");
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl, scheme);
        await using var _ = context;
        await page.GotoAsync(path);
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await page.AddScriptTagAsync(new() { Path = Axe });

        var violations = await page.EvaluateAsync<string[]>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        var checkedRules = await page.EvaluateAsync<int>("async () => (await axe.run(document)).passes.length");

        Assert.Empty(violations);
        Assert.True(checkedRules > 10, $"axe ran only {checkedRules} passing rules");
    }

    [Fact]
    public async Task Every_link_and_control_is_reachable_with_the_keyboard()
    {
        var (context, page) = await browser.NewPageAsync(_bot.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/");
        var focused = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused.Add(await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.tagName + ':' + (e.getAttribute('href') || e.id || e.getAttribute('aria-label') || e.name || ''); }"));
        }

        Assert.Contains("A:#content", focused);
        Assert.Contains("INPUT:q", focused);
        Assert.Contains("A:/pipelines/router", focused);
        Assert.Contains(focused, f => f.StartsWith("INPUT:Command for staging to production", StringComparison.Ordinal));
    }
}
