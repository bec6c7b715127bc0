using System.Net;
using Deployer.Bot.Tests.Support;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Tests.Hosting;

public sealed class HostEndToEndTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Local_mode_promotes_and_shows_it_in_pipelines_audit_console_and_metrics()
    {
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Local:Simulator:Enabled"] = "true", ["Local:Simulator:Interval"] = "00:00:02" });

        // The seeded staging release is 10 minutes old: the first cycle promotes it.
        var audit = await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo&limit=100"),
            a => a.Items().Any(e => e.Str("kind") == "PromotionSucceeded"),
            "a promotion in the audit log");
        var promoted = audit.Items().First(e => e.Str("kind") == "PromotionSucceeded").Str("commit");

        var pipelines = await ApiJson.GetAsync(bot.Http, "/api/pipelines");
        var demo = Assert.Single(pipelines.Items());
        Assert.Equal("demo", demo.Str("service"));
        var pair = Assert.Single(demo.GetProperty("pairs").Items());
        Assert.NotNull(pair.Str("decision"));
        // A cycle (every 200 ms here) may already have found the pair in sync after the promotion: no checks run then.
        if (pair.Str("decision") != "InSync")
        {
            Assert.NotEmpty(pair.GetProperty("checks").Items());
        }
        var production = demo.GetProperty("stages")[1].GetProperty("targets")[0];
        Assert.Equal("demo-production", production.Str("target"));

        // Then the simulator lands fresh releases: they block on bake time first, then promote too.
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo&limit=200"),
            a => a.Items().Count(e => e.Str("kind") == "PromotionSucceeded") >= 2
                && a.Items().Any(e => e.Str("summary")!.Contains("BLOCKED release-age", StringComparison.Ordinal)),
            "a blocked decision and a second promotion");
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("stages")[1].GetProperty("targets")[0].GetProperty("release").Str("shortCommit") is { } c && c != promoted,
            "production running a simulated release");

        Assert.Contains(bot.Console.Lines, l => l.Contains($"demo staging→production {promoted} PROMOTED", StringComparison.Ordinal));
        Assert.Contains(bot.Console.Lines, l => l.Contains("[local simulator; announced, evaluating now]", StringComparison.Ordinal));

        using var health = await bot.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"healthy\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await bot.Http.GetStringAsync("/metrics");
        Assert.Contains("deployer_cycles_total", metrics, StringComparison.Ordinal);
        Assert.Contains("deployer_promotions_total", metrics, StringComparison.Ordinal);
        Assert.Contains("deployer_outside_call_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Matches("deployer_check_duration_seconds_bucket\\{[^}]*check=\"release-age\",le=", metrics);
        Assert.Contains("deployer_holds_open", metrics, StringComparison.Ordinal);

        // Each simulated landing is announced like a webhook: its pipeline is evaluated alone, at once.
        Assert.Matches("deployer_dirty_evaluations_total(\\{[^}]*\\})? [1-9]", metrics);
        Assert.Contains("deployer_sweep_read", metrics, StringComparison.Ordinal);
        Assert.Contains("deployer_snapshot_oldest_age_seconds", metrics, StringComparison.Ordinal);
        Assert.Matches("deployer_decisions_total\\{[^}]*service=\"demo\"", metrics);
        Assert.Matches("deployer_promotions_total\\{[^}]*result=\"succeeded\"[^}]*service=\"demo\"", metrics);
        Assert.Matches("target_info\\{[^}]*service_name=\"deployer\"", metrics);
        Assert.DoesNotContain("unknown_service", metrics, StringComparison.Ordinal);
        Assert.Matches("deployer_pair_blocked_duration_seconds\\{[^}]*from=\"staging\"[^}]*service=\"demo\"[^}]*to=\"production\"[^}]*\\} [0-9.e+-]+", metrics);
        var lastPromotion = System.Text.RegularExpressions.Regex.Match(metrics, "deployer_pair_last_promotion_time_seconds\\{[^}]*service=\"demo\"[^}]*\\} ([0-9.e+]+)");
        Assert.True(lastPromotion.Success, metrics);
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(lastPromotion.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1000));
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [InlineData("Engine:Interval", "00:00:00.001")]
    [InlineData("Engine:MaxParallelism", "0")]
    [InlineData("Engine:BlockedMentionAfter", "00:00:00")]
    [InlineData("Local:Simulator:OtherBranchRatio", "2")]
    [InlineData("Store:Path", "")]
    public async Task A_bad_setting_stops_start_up_naming_the_key(string key, string value)
    {
        TestBot.Prepare(_dir);
        var app = TestBot.Build(_dir.Path, TestBot.Settings(_dir.Path, new Dictionary<string, string?> { [key] = value }));
        using var error = new StringWriter();

        var exit = await Deployer.Bot.Hosting.DeployerHost.RunAsync(app, error);

        Assert.Equal(1, exit);
        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_unparsable_setting_names_the_key()
    {
        TestBot.Prepare(_dir);
        var app = TestBot.Build(_dir.Path, TestBot.Settings(_dir.Path, new Dictionary<string, string?> { ["Engine:Interval"] = "soon" }));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains("Engine:Interval", ex.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_broken_manifest_is_reported_and_the_others_still_run()
    {
        _dir.Write("manifests/broken.json", """{ "service": "broken", "stages": [] }""");
        await using var bot = await TestBot.StartAsync(_dir);

        var health = await ApiJson.GetAsync(bot.Http, "/healthz");
        var errors = health.GetProperty("manifests").GetProperty("errors").Items().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("broken.json: $.stages", StringComparison.Ordinal));
        Assert.Equal(1, health.GetProperty("manifests").GetProperty("loaded").GetInt32());
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo"),
            a => a.Items().Any(e => e.Str("kind") == "PromotionSucceeded"),
            "the good manifest promoting");
    }

    public void Dispose() => _dir.Dispose();
}
