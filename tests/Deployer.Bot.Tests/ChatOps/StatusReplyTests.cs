using System.Text.Json;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary><c>status</c> and times as a newcomer reads them, in Http mode against a fake Slack.</summary>
public sealed class StatusReplyTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task The_overview_says_why_a_pipeline_is_blocked_and_each_check_carries_one_time()
    {
        await _bot.RunCycleAsync();

        var overview = Text((await _bot.SlashAsync("UX0000001", "status", "o")).Body);
        var detail = Text((await _bot.SlashAsync("UX0000001", "status router", "d")).Body);

        Assert.Contains("⛔ *router* blocked (production: release-age: release is 10m old, needs 30m (ready at 10:20 UTC))", overview);
        Assert.Contains("❌ *release-age*: release is 10m old, needs 30m (ready at 10:20 UTC) · in 20m", detail);
        var checkLine = detail.Split('\n').First(l => l.Contains("*release-age*", StringComparison.Ordinal));
        Assert.Equal(2, checkLine.Split("ready at").Length);
        Assert.DoesNotContain("may clear", detail);
    }

    [Fact]
    public async Task Right_after_a_promotion_status_shows_the_new_release_without_waiting_for_a_cycle()
    {
        _bot.Time.Advance(TimeSpan.FromMinutes(21));

        var report = await _bot.RunCycleAsync();

        Assert.Contains(report.Decisions, d => d.Kind == Deployer.Core.Decisions.DecisionKind.Promoted);
        var detail = Text((await _bot.SlashAsync("UX0000001", "status router", "p")).Body);
        Assert.Contains("router-prod v2 `bbbbbbb` 0s old", detail);
        Assert.DoesNotContain("`aaaaaaa`", detail);
    }

    [Fact]
    public async Task A_short_hold_shows_its_end_to_the_second()
    {
        _bot.Time.Advance(TimeSpan.FromSeconds(45));

        await _bot.SlashAsync("UOPS00001", "hold router production for 1m quick look", "t1");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:t1", "the hold reply");
        Assert.Contains("until <!date^", reply.AllText);
        Assert.Contains("{time_secs}|2025-03-04 10:01:45 UTC>", reply.AllText);
    }

    private static string Text(JsonElement body) => body.GetRawText().Length == 0 ? "" : string.Join("\n", Strings(body));

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
