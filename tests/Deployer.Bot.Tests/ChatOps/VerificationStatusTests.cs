using System.Text.Json;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary><c>status</c>, <c>history</c> and <c>plan</c> after a promotion: verifying with time left, the failure, the automatic hold, the rejected commit.</summary>
public sealed class VerificationStatusTests : IAsyncLifetime
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

    private async Task<string> SayAsync(string text, string id) => Text((await _bot.SlashAsync("UX0000001", text, id)).Body);

    [Fact]
    public async Task Status_shows_the_window_then_the_failure_the_automatic_hold_and_the_rejection()
    {
        _bot.Time.Advance(TimeSpan.FromMinutes(21));
        await _bot.RunCycleAsync();
        _bot.Time.Advance(TimeSpan.FromMinutes(1));
        await _bot.RunCycleAsync();

        var verifying = await SayAsync("status router", "s1");
        Assert.Contains("🔍 verifying bbbbbbb in production until 10:31 UTC · 9m left", verifying);

        _bot.Incidents.Open.Enqueue(new Incident("Q7", "PD-ROUTER", "triggered", "5xx spike"));
        _bot.Time.Advance(TimeSpan.FromMinutes(1));
        await _bot.RunCycleAsync();

        var posted = await _slack.WaitForAsync(
            c => c.Method == "chat.postMessage" && c.AllText.Contains("failed verification in *production*", StringComparison.Ordinal), "the failure message in the channel");
        Assert.Contains("verification-rollback", posted.AllText, StringComparison.Ordinal);
        Assert.Contains("verification-keep", posted.AllText, StringComparison.Ordinal);

        var failed = await SayAsync("status router", "s2");
        Assert.Contains("🚨 bbbbbbb failed verification in production at 10:23 UTC: incidents: incident Q7 on PD-ROUTER is triggered: 5xx spike", failed);
        Assert.Contains("⛔ rejected: bbbbbbb failed verification in production at 10:23 UTC (incident Q7 on PD-ROUTER is triggered: 5xx spike)", failed);
        Assert.Contains("held by deployer (automatic): verification failed: incidents: incident Q7 on PD-ROUTER is triggered: 5xx spike", failed);

        await _bot.SlashAsync("UX0000001", "history router 20", "h1");
        var history = (await _slack.WaitForAsync(c => c.Method == "response:h1", "history")).AllText;
        Assert.Contains("verification ·", history);
        Assert.Contains("bbbbbbb failed verification in production", history);

        // Rolled back by hand and resumed: plan shows the rejection as what blocks the pair.
        _bot.Platform.Set("router-prod", ChatOpsBot.OldCommit, 3, TimeSpan.Zero);
        await _bot.SlashAsync("UOPS00001", "resume router production", "r1");
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("resumed *router production*", StringComparison.Ordinal), "the resume announcement");
        await _bot.SlashAsync("UX0000001", "plan router", "p1");
        var plan = (await _slack.WaitForAsync(c => c.Method == "response:p1", "plan")).AllText;
        Assert.True(plan.Contains("rejected: bbbbbbb failed verification in production at 10:23 UTC (incident Q7 on PD-ROUTER is triggered: 5xx spike)", StringComparison.Ordinal), plan);
    }

    private static string Text(JsonElement body) => string.Join("\n", Strings(body));

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
