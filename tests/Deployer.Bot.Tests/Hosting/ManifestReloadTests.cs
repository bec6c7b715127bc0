using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Hosting;
using Deployer.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Bot.Tests.Hosting;

/// <summary>Manifests are re-read on change; a broken edit keeps the last good version and says so.</summary>
public sealed class ManifestReloadTests : IDisposable
{
    private const string TwoStages = """
        { "service": "demo", "slack": { "channel": "C0DEMO" }, "platform": { "kind": "local" },
          "stages": [ { "name": "staging", "targets": ["demo-staging"] }, { "name": "production", "targets": ["demo-production"] } ] }
        """;

    private const string ThreeStages = """
        { "service": "demo", "slack": { "channel": "C0DEMO" }, "platform": { "kind": "local" },
          "stages": [ { "name": "staging", "targets": ["demo-staging"] }, { "name": "canary", "targets": ["demo-canary"] },
                      { "name": "production", "targets": ["demo-production"] } ] }
        """;

    private const string BadZone = """
        { "service": "demo", "slack": { "channel": "C0DEMO" }, "platform": { "kind": "local" },
          "stages": [ { "name": "staging", "targets": ["demo-staging"] }, { "name": "production", "targets": ["demo-production"] } ],
          "checks": { "window": { "timezone": "Europe/Dubln", "days": ["Mon"], "hours": "09:00-16:00" } } }
        """;

    private static int _writes;
    private readonly TempDir _dir = new();

    [Fact]
    public void Reload_picks_up_edits_additions_and_removals_and_keeps_the_last_good_version_of_a_broken_file()
    {
        Write("demo.json", TwoStages);
        var catalog = new ReloadingManifestCatalog(_dir.File("manifests"), NullLogger.Instance);
        Assert.Null(catalog.Reload());

        Write("demo.json", ThreeStages);
        var edited = catalog.Reload();
        Assert.Equal(["demo"], edited!.Changed);
        Assert.Equal(3, catalog.Find("demo")!.Stages.Count);

        Write("demo.json", BadZone);
        var broken = catalog.Reload()!;
        Assert.Equal(3, catalog.Find("demo")!.Stages.Count);
        Assert.Equal("demo", Assert.Single(broken.Kept).Service);
        Assert.Contains(catalog.Errors, e => e.File == "demo.json" && e.Message.Contains("Europe/Dubln", StringComparison.Ordinal));

        Write("demo.json", TwoStages);
        Write("other.json", TwoStages.Replace("\"demo", "\"other", StringComparison.Ordinal));
        var fixedUp = catalog.Reload()!;
        Assert.Empty(catalog.Errors);
        Assert.Equal(2, catalog.Find("demo")!.Stages.Count);
        Assert.Equal(["other"], fixedUp.Added);

        File.Delete(_dir.File("manifests/other.json"));
        Assert.Equal(["other"], catalog.Reload()!.Removed);
        Assert.Null(catalog.Find("other"));
    }

    [Fact]
    public async Task The_running_bot_serves_an_edit_and_announces_a_broken_one_in_the_services_channel()
    {
        Write("demo.json", TwoStages);
        var channel = new StringWriter();
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Manifests:ReloadInterval"] = "00:00:00.100" },
            s => s.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(TextWriter.Synchronized(channel))));

        Write("demo.json", ThreeStages);
        await Eventually.GetAsync(() => ApiJson.GetAsync(bot.Http, "/api/pipelines?service=demo"), p => p[0].GetProperty("stages").GetArrayLength() == 3, "the edited manifest in service");

        Write("demo.json", BadZone);
        var health = await Eventually.GetAsync(() => ApiJson.GetAsync(bot.Http, "/healthz"),
            h => h.GetProperty("manifests").GetProperty("errors").GetArrayLength() > 0, "the broken edit in /healthz");
        Assert.Contains("Europe/Dubln", health.GetProperty("manifests").GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        var pipelines = await ApiJson.GetAsync(bot.Http, "/api/pipelines?service=demo");
        Assert.Equal(3, pipelines[0].GetProperty("stages").GetArrayLength());
        await Eventually.TrueAsync(() => channel.ToString().Contains("[C0DEMO]", StringComparison.Ordinal), "the announcement");
        Assert.Contains("The edit of demo.json was not loaded; demo keeps its last good manifest", channel.ToString(), StringComparison.Ordinal);
    }

    private void Write(string name, string json)
    {
        var path = _dir.Write($"manifests/{name}", json);
        // Two writes within one timestamp tick must still look different.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(Interlocked.Increment(ref _writes)));
    }

    public void Dispose() => _dir.Dispose();
}
