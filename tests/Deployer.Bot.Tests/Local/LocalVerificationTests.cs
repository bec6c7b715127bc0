using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Local;

/// <summary>
/// Verification end to end in local mode, through the real host: an alert added to the world file after a promotion,
/// or one the simulator adds for a release that "goes bad", fails the window, holds the stage and rejects the commit.
/// </summary>
public sealed class LocalVerificationTests : IDisposable
{
    private const string Firing = """{ "alerts": [ { "labels": { "alertname": "DemoDown", "severity": "critical" }, "state": "active" } ] }""";
    private readonly TempDir _dir = new();

    private void WriteManifest(string verify) => _dir.Write("manifests/demo.json", TestBot.DemoManifest
        .Replace("\"checks\": {", "\"checks\": { \"alerts\": [ { \"name\": \"demo is up\", \"source\": \"alertmanager\", \"matchers\": [\"alertname=\\\"DemoDown\\\"\"] } ],", StringComparison.Ordinal)
        .Replace("\"stages\": [", $"\"verify\": {verify},\n  \"stages\": [", StringComparison.Ordinal));

    [Fact]
    public async Task An_alert_added_to_the_world_file_after_a_promotion_fails_verification_holds_and_rejects()
    {
        WriteManifest("""{ "for": "1h" }""");
        _dir.Write("world.json", """{ "alerts": [] }""");
        await using var bot = await TestBot.StartAsync(_dir);

        var verifying = await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("pairs")[0].GetProperty("verification") is { ValueKind: System.Text.Json.JsonValueKind.Object } v && v.Str("state") == "verifying",
            "the promotion into production verifying");
        var commit = verifying[0].GetProperty("pairs")[0].GetProperty("verification").Str("commit");

        _dir.Write("world.json", Firing);

        var failed = await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("pairs")[0].GetProperty("verification").Str("state") == "failed"
                && p[0].GetProperty("stages")[1].GetProperty("holds").GetArrayLength() > 0,
            "the verification failed and the stage held");
        var pair = failed[0].GetProperty("pairs")[0];
        Assert.Contains("demo is up: firing", pair.GetProperty("verification").Str("reason"), StringComparison.Ordinal);
        var rejected = Assert.Single(pair.GetProperty("rejected").Items());
        Assert.Equal(commit, rejected.Str("commit"));
        Assert.StartsWith("alert demo is up: firing", rejected.Str("reason"), StringComparison.Ordinal);
        var hold = Assert.Single(failed[0].GetProperty("stages")[1].GetProperty("holds").Items());
        Assert.Equal("deployer", hold.Str("by"));
        Assert.True(hold.GetProperty("automatic").GetBoolean());
        Assert.StartsWith("verification failed: alerts: demo is up: firing", hold.Str("reason"), StringComparison.Ordinal);
        Assert.Empty(failed[0].GetProperty("stages")[0].GetProperty("holds").Items());

        var audit = await ApiJson.GetAsync(bot.Http, "/api/audit?service=demo&limit=100");
        var entry = Assert.Single(audit.Items(), e => e.Str("kind") == "verification-failed");
        Assert.Equal(commit![..7], entry.Str("commit"));
        await Eventually.TrueAsync(() => bot.Console.Lines.Any(l => l.Contains("FAILED VERIFICATION alerts: demo is up: firing", StringComparison.Ordinal)), "the console line");
    }

    [Fact]
    public async Task The_simulator_makes_a_promoted_release_go_bad_and_the_newcomer_sees_the_hold()
    {
        WriteManifest("""{ "for": "1h" }""");
        _dir.Write("world.json", """{ "alerts": [] }""");
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?>
        {
            ["Local:Simulator:Enabled"] = "true",
            ["Local:Simulator:BadReleaseRatio"] = "1",
            ["Local:Simulator:BadReleaseAlertFor"] = "00:10:00",
        });

        var audit = await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo&limit=200"),
            a => a.Items().Any(e => e.Str("kind") == "verification-failed") && a.Items().Any(e => e.Str("kind") == "Hold" && e.Str("actor") == "deployer"),
            "a verification failure caused by the simulator, and its hold");
        Assert.Contains("holding production", audit.Items().First(e => e.Str("kind") == "verification-failed").Str("summary"), StringComparison.Ordinal);
        Assert.Contains(bot.Console.Lines, l => l.Contains("goes bad in production: alert \"demo is up\" fires", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
