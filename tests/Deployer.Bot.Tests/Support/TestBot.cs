using Deployer.Bot.Extensions;
using Deployer.Bot.Hosting;
using Deployer.Bot.Notifications.Console;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Tests.Support;

/// <summary>The real host (Kestrel on a free loopback port, Quartz, LiteDB) in local mode over a temp folder.</summary>
internal sealed class TestBot : IAsyncDisposable
{
    /// <summary>A two-stage local pipeline with a one-second bake time.</summary>
    public const string DemoManifest =
        """
        {
          "service": "demo",
          "platform": { "kind": "local" },
          "stages": [
            { "name": "staging", "targets": ["demo-staging"] },
            { "name": "production", "targets": ["demo-production"] }
          ],
          "checks": { "releaseAge": { "min": "1s" } }
        }
        """;

    private readonly WebApplication _app;

    private TestBot(WebApplication app, CapturedConsole console)
    {
        _app = app;
        Console = console;
    }

    public CapturedConsole Console { get; }
    public IServiceProvider Services => _app.Services;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Fast settings for a folder holding <c>manifests/</c> and <c>world.json</c>; <paramref name="overrides"/> win.</summary>
    public static Dictionary<string, string?> Settings(string root, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Manifests:Path"] = "manifests",
            ["Store:Path"] = Path.Combine(root, "data", "deployer.db"),
            ["Engine:Interval"] = "00:00:00.200",
            ["Scheduling:HoldExpiryInterval"] = "00:00:00.200",
            ["Local:WorldFile"] = "world.json",
            ["Local:Simulator:Enabled"] = "false",
            ["Local:Simulator:Interval"] = "00:00:00.500",
            ["Local:Simulator:FirstReleaseAfter"] = "00:00:00",
            ["Local:Simulator:TestDuration"] = "00:00:00",
            ["Local:Simulator:OtherBranchRatio"] = "0",
            ["Local:Simulator:TestFailureRatio"] = "0",
            ["Local:Simulator:BadReleaseRatio"] = "0",
            ["Local:Simulator:Seed"] = "7",
            ["TestResults:Token"] = "secret-token",
            ["ChatOps:ReadConsole"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Writes the demo manifest and an empty world into <paramref name="root"/> unless they exist.</summary>
    public static void Prepare(TempDir root)
    {
        if (!File.Exists(root.File("manifests/demo.json")))
        {
            root.Write("manifests/demo.json", DemoManifest);
        }

        if (!File.Exists(root.File("world.json")))
        {
            root.Write("world.json", "{}");
        }
    }

    public static WebApplication Build(string root, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = DeployerHost.CreateBuilder([], root);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddDeployer();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDeployer();
        return app;
    }

    public static async Task<TestBot> StartAsync(TempDir root, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        Prepare(root);
        var console = new CapturedConsole();
        var app = Build(root.Path, Settings(root.Path, overrides), s =>
        {
            s.AddSingleton<IConsoleOutput>(console);
            services?.Invoke(s);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestBot(app, console) { Http = new HttpClient { BaseAddress = new Uri(address) } };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
