using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>
/// Direct messages to approvers (issue 16) on the fake Slack: a new force-promote request opens a DM with each approver
/// (<c>conversations.open</c>, group members expanded, never the requester, capped) and posts the request with its
/// buttons there; deciding it anywhere updates those DMs in place.
/// </summary>
public sealed class ApproverDirectMessageTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot? _bot;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.Groups["S_APPROVERS"] = ["UAPP00001", "UAPP00002", "UREQ00001"];
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _slack.DisposeAsync();
    }

    private async Task<ChatOpsBot> StartAsync(int cap = 25) =>
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http, settings: new() { ["ChatOps:ApproverDirectMessages"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static string ButtonValue(SlackCall call, string actionId) =>
        call.Json.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Single(e => e.GetProperty("action_id").GetString() == actionId)
            .GetProperty("value").GetString()!;

    /// <summary>Waits for <paramref name="condition"/>, moving the fake clock (which the outbox's dispatch job runs on) 100 ms at a time.</summary>
    private async Task UntilAsync(Func<bool> condition, string what)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, $"timed out waiting for {what}; Slack saw:\n{string.Join('\n', _slack.Calls)}");
            _bot!.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
        }
    }

    private List<SlackCall> DirectPosts() =>
        [.. _slack.Calls.Where(c => c.Method == "chat.postMessage" && c.Ok && c.Channel is { } ch && ch.StartsWith('D') && c.AllText.Contains("Force-promote request", StringComparison.Ordinal))];

    [Fact]
    public async Task Each_approver_gets_the_request_with_its_buttons_and_the_dms_are_updated_when_approved_in_the_channel()
    {
        var bot = await StartAsync();
        await bot.RunCycleAsync();
        await bot.SlashAsync("UREQ00001", "force router production hotfix INC-42", "f1");
        var channelMessage = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == ChatOpsBot.Channel && c.AllText.Contains("Force-promote request", StringComparison.Ordinal), "the channel message");
        await UntilAsync(() => DirectPosts().Count == 2, "a DM to each of the two approvers");

        var dms = DirectPosts();
        Assert.Equal(["UAPP00001", "UAPP00002"], _slack.OpenedDirectMessages.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([FakeSlackServer.DirectMessageChannel("UAPP00001"), FakeSlackServer.DirectMessageChannel("UAPP00002")], dms.Select(d => d.Channel!).Order(StringComparer.Ordinal));
        var id = ButtonValue(channelMessage, "force_approve");
        Assert.All(dms, d =>
        {
            Assert.Equal(id, ButtonValue(d, "force_approve"));
            Assert.Contains("hotfix INC-42", d.AllText, StringComparison.Ordinal);
        });

        await bot.ClickAsync("UAPP00001", "force_approve", id, "ok");

        await UntilAsync(() => dms.All(d => _slack.Calls.Any(c => c.Method == "chat.update" && c.Ok && c.Channel == d.Channel && c.AllText.Contains("Promoted", StringComparison.Ordinal))),
            "both DMs updated to promoted");
        var updates = _slack.Calls.Where(c => c.Method == "chat.update" && c.Channel is { } ch && ch.StartsWith('D')).ToList();
        Assert.All(updates, u => Assert.DoesNotContain("force_approve", u.Body, StringComparison.Ordinal));
        Assert.Equal(2, DirectPosts().Count);
        Assert.Equal(ChatOpsBot.NewCommit, bot.Platform.Current("router-prod")!.Commit);
    }

    [Fact]
    public async Task The_number_of_dms_is_capped()
    {
        var bot = await StartAsync(cap: 1);
        await bot.RunCycleAsync();
        await bot.SlashAsync("UOPS00001", "force router production hotfix", "f1");
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == ChatOpsBot.Channel && c.AllText.Contains("Force-promote request", StringComparison.Ordinal), "the channel message");
        await UntilAsync(() => DirectPosts().Count == 1, "one DM");

        bot.Time.Advance(TimeSpan.FromMinutes(31));
        await UntilAsync(() => _slack.Calls.Any(c => c.Method == "chat.update" && c.Channel == FakeSlackServer.DirectMessageChannel("UAPP00001") && c.AllText.Contains("Expired", StringComparison.Ordinal)),
            "the DM updated when the request expired");

        Assert.Equal(FakeSlackServer.DirectMessageChannel("UAPP00001"), Assert.Single(DirectPosts()).Channel);
        Assert.Equal(["UAPP00001"], _slack.OpenedDirectMessages.Distinct());
    }
}
