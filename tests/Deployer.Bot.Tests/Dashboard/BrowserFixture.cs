using Microsoft.Playwright;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>
/// One real headless Chromium (Debian's <c>chromium</c>, driven by Playwright through its executable path) shared by
/// the page tests. Missing browser: every test using it fails with how to install it, never a silent skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"];

    // Flags that make Debian's Chromium start quickly and stay off the network in a container.
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("DEPLOYER_CHROMIUM");
        var binary = (string.IsNullOrEmpty(configured) ? Candidates.FirstOrDefault(File.Exists) : configured) ?? throw new InvalidOperationException(
            "Chromium is not installed, and the dashboard tests run in a real browser. Install it with `sudo apt-get install -y chromium` "
            + "(./test.sh does this), or point DEPLOYER_CHROMIUM at a Chromium binary"
            + (Environment.GetEnvironmentVariable("CI") == "true" ? "; on CI, .ci/run must install it before the tests." : "."));

        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh temporary profile (user-data dir) and deletes it on close.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = binary,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh context (own cookies) and page; dispose the context when done.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(string baseUrl, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ColorScheme = scheme });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return (context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
