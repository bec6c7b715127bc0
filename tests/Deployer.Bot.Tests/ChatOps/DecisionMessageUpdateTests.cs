using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>A pending diff's channel message is updated only when its decision changes, never because time passed.</summary>
public sealed class DecisionMessageUpdateTests : IAsyncLifetime
{
    private const string NextCommit = "ccccccc3333333333333333333333333333333cc";

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
    public async Task Cycles_that_only_move_the_clock_never_update_the_message_and_a_new_release_supersedes_it_once()
    {
        await _bot.RunCycleAsync();
        var posted = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Ok && c.AllText.Contains("`bbbbbbb`"), "the decision post");
        Assert.Contains("release is 10m old, needs 30m", posted.AllText);

        // The bake-time reason reads differently every minute ("ready in 19m", "18m", …); the decision does not change.
        for (var minute = 1; minute <= 5; minute++)
        {
            _bot.Time.Advance(TimeSpan.FromMinutes(1));
            var report = await _bot.RunCycleAsync();
            Assert.Equal(0, report.Changed);
        }

        // What the 1,000-pipeline benchmark saw: a new upstream release closes the old message once, and posts a new one.
        _bot.Platform.Set("router-staging", NextCommit, 3, TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _bot.RunCycleAsync()).Changed);
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Ok && c.AllText.Contains("`ccccccc`"), "the new diff's post");
        var superseded = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.Ok, "the old message closed");

        Assert.Equal(ChatOpsBot.Channel, superseded.Channel);
        Assert.Contains("`bbbbbbb`", superseded.AllText);
        Assert.Contains("superseded by `ccccccc`", superseded.AllText);
        Assert.Single(_slack.Calls, c => c.Method == "chat.update");
    }
}
