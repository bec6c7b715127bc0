using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>
/// Mentions of a service's people on the fake Slack (issue 16): in the decision message's thread when a promotion fails
/// or a pair stays blocked past Engine:BlockedMentionAfter (once), and in the channel with <c>slack.threadUpdates: false</c>.
/// </summary>
public sealed class MentionTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot? _bot;

    public async Task InitializeAsync() => _slack = await FakeSlackServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _slack.DisposeAsync();
    }

    private async Task<ChatOpsBot> StartAsync(ServiceManifest? manifest = null) =>
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http, manifest: manifest);

    /// <summary>
    /// The pair's decision message, whatever state it shows by now: the outbox folds an update still waiting into the
    /// post, so when the dispatcher had not posted "BLOCKED" before the next cycle, the first post already says more.
    /// </summary>
    private static string DecisionPostTs(FakeSlackServer slack) =>
        slack.Messages.First(m => m.ThreadTs is null && m.Text.Contains("bbbbbbb", StringComparison.Ordinal)).Ts;

    /// <summary>
    /// Waits for a Slack call, moving the fake clock 100 ms at a time meanwhile: the outbox's dispatch job runs on that clock,
    /// and a pass the test's big clock jumps cut short (its 20 s budget) is only retried when the job fires again.
    /// </summary>
    private async Task<SlackCall> DeliveredAsync(Func<SlackCall, bool> match, string what)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < until)
        {
            if (_slack.Calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            _bot!.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
        }

        return await _slack.WaitForAsync(match, what, TimeSpan.FromMilliseconds(1));
    }

    private static async Task FailPromotionAsync(ChatOpsBot bot)
    {
        bot.Platform.OnPromote = (request, _) => Task.FromResult(PromotionResult.Failure("slug compile failed", request.Targets));
        await bot.RunCycleAsync();
        bot.Time.Advance(TimeSpan.FromMinutes(25));
        await bot.RunCycleAsync();
    }

    [Fact]
    public async Task A_failed_promotion_mentions_the_owners_in_the_decision_thread()
    {
        var bot = await StartAsync();
        await FailPromotionAsync(bot);

        var mention = await DeliveredAsync(c => c.Method == "chat.postMessage" && c.Ok && c.Text.Contains("<@UOWNER001>", StringComparison.Ordinal), "the owners' mention");
        var result = await DeliveredAsync(c => c.Method == "chat.postMessage" && c.Ok && c.Text.Contains("Promotion of bbbbbbb to router-prod failed", StringComparison.Ordinal), "the result reply");

        Assert.Equal(ChatOpsBot.Channel, mention.Channel);
        Assert.NotNull(mention.ThreadTs);
        Assert.Equal(result.ThreadTs, mention.ThreadTs);
        Assert.Equal(DecisionPostTs(_slack), mention.ThreadTs);
        Assert.Contains("the promotion failed: automatic: router-prod: slug compile failed", mention.Text, StringComparison.Ordinal);
        Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage" && c.Text.Contains("<@UOWNER001>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thread_updates_off_posts_the_mention_in_the_channel_and_drops_the_result_reply()
    {
        var bot = await StartAsync(ChatOpsBot.Router with
        {
            Slack = new SlackSpec { Channel = ChatOpsBot.Channel, ThreadUpdates = false, MentionOnFailure = ["UONCALL01", "@S0614TZR7"] },
        });
        await FailPromotionAsync(bot);

        var mention = await DeliveredAsync(c => c.Method == "chat.postMessage" && c.Ok && c.Text.Contains("<@UONCALL01>", StringComparison.Ordinal), "the on-call mention");
        // Posted as blocked then updated, or (when the outbox folded the two) posted as failed at once.
        await DeliveredAsync(c => c.Method is "chat.update" or "chat.postMessage" && c.Ok && c.Channel == ChatOpsBot.Channel && c.AllText.Contains("· *failed*", StringComparison.Ordinal), "the decision message showing the failure");

        Assert.Null(mention.ThreadTs);
        Assert.Contains("<!subteam^S0614TZR7>", mention.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("UOWNER001", mention.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_slack.Calls, c => c.Method == "chat.postMessage" && c.ThreadTs is not null);
    }

    [Fact]
    public async Task A_pair_blocked_by_an_open_incident_for_two_hours_mentions_the_owners_once()
    {
        var bot = await StartAsync();
        bot.Incidents.Open.Enqueue(new Incident("Q1", "PD-ROUTER", "triggered", "5xx spike"));
        await bot.RunCycleAsync();
        await DeliveredAsync(c => c.Method == "chat.postMessage" && c.Ok && c.AllText.Contains("5xx spike", StringComparison.Ordinal), "the blocked decision");
        for (var minutes = 10; minutes <= 110; minutes += 10)
        {
            bot.Time.Advance(TimeSpan.FromMinutes(10));
            await bot.RunCycleAsync();
        }

        Assert.DoesNotContain(_slack.Calls, c => c.Text.Contains("<@UOWNER001>", StringComparison.Ordinal));
        for (var minutes = 120; minutes <= 240; minutes += 10)
        {
            bot.Time.Advance(TimeSpan.FromMinutes(10));
            await bot.RunCycleAsync();
        }

        var mention = await DeliveredAsync(c => c.Method == "chat.postMessage" && c.Ok && c.Text.Contains("<@UOWNER001>", StringComparison.Ordinal), "the blocked-too-long mention");
        Assert.Equal(DecisionPostTs(_slack), mention.ThreadTs);
        Assert.Contains("has been blocked by *incidents* for 2h", mention.Text, StringComparison.Ordinal);
        Assert.Contains("5xx spike", mention.Text, StringComparison.Ordinal);
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        await bot.RunCycleAsync();
        Assert.Single(_slack.Calls, c => c.Text.Contains("<@UOWNER001>", StringComparison.Ordinal));
    }
}
