using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Local;

public sealed class LocalWorldTests : IDisposable
{
    private const string Firing = """{ "alerts": [ { "labels": { "alertname": "DemoDown" }, "state": "active" } ] }""";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Editing_the_world_file_changes_decisions_and_a_broken_edit_keeps_the_last_good_world()
    {
        _dir.Write("manifests/demo.json", TestBot.DemoManifest.Replace(
            "\"checks\": {",
            "\"checks\": { \"alerts\": [ { \"name\": \"demo is up\", \"source\": \"alertmanager\", \"matchers\": [\"alertname=\\\"DemoDown\\\"\"] } ],",
            StringComparison.Ordinal));
        _dir.Write("world.json", Firing);
        await using var bot = await TestBot.StartAsync(_dir);

        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/pipelines"),
            p => p[0].GetProperty("pairs")[0].Str("decision") == "Blocked"
                && p[0].GetProperty("pairs")[0].GetProperty("checks").Items().Any(c => c.Str("check") == "alerts" && c.Str("outcome") == "fail"),
            "blocked by the firing alert");

        _dir.Write("world.json", "{ \"alerts\": [ oops");
        var runner = bot.Services.GetService(typeof(Deployer.Bot.Scheduling.CycleRunner)) as Deployer.Bot.Scheduling.CycleRunner;
        var seen = runner!.Status.Completed;
        await Eventually.TrueAsync(() => runner.Status.Completed >= seen + 3, "cycles after the broken edit");
        var still = await ApiJson.GetAsync(bot.Http, "/api/pipelines");
        Assert.Equal("Blocked", still[0].GetProperty("pairs")[0].Str("decision"));

        _dir.Write("world.json", """{ "alerts": [] }""");
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo"),
            a => a.Items().Any(e => e.Str("kind") == "PromotionSucceeded"),
            "the promotion once the alert cleared");
    }

    public void Dispose() => _dir.Dispose();
}
