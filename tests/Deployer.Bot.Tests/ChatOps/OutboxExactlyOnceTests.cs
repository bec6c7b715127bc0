using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Bot.Tests.Support;
using Deployer.Slack;
using Deployer.Slack.BlockKit;
using Deployer.Slack.WebApi;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>
/// A post whose answer was lost (Slack kept it, the call failed) is not posted again: the next pass finds it in
/// the channel (or the thread) by its outbox metadata and records its ts. The real LiteDB outbox, dispatcher and Slack
/// client against the fake Slack on 127.0.0.1.
/// </summary>
public sealed class OutboxExactlyOnceTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private FakeSlackServer _slack = null!;
    private ServiceProvider _provider = null!;
    private LiteDatabase _database = null!;
    private OutboxStore _store = null!;
    private OutboxDispatcher _dispatcher = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSlackClient(o =>
        {
            o.ApiBaseUrl = _slack.ApiBaseUrl;
            o.BotToken = "xoxb-test";
            o.MaxRetries = 0;
            o.PostMessageInterval = TimeSpan.FromMilliseconds(1);
        });
        _provider = services.BuildServiceProvider();
        _database = DeployerDatabase.Open(_dir.File("deployer.db"));
        _store = new OutboxStore(_database, TimeProvider.System);
        _dispatcher = new OutboxDispatcher(_store, _provider.GetRequiredService<ISlackApiClient>(), TimeProvider.System, _provider.GetRequiredService<ILogger<OutboxDispatcher>>());
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _database.Dispose();
        await _slack.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_post_and_a_reply_whose_answers_were_lost_are_found_in_slack_and_not_posted_again()
    {
        _store.Upsert("C1", "decision:a", Body("decision a"));
        _slack.LosePostAnswers = true;
        Assert.Equal(0, await _dispatcher.DispatchAsync(default));
        var item = Assert.Single(_store.Pending());
        Assert.Equal(1, item.Attempts);
        Assert.Single(_slack.Messages);

        _slack.LosePostAnswers = false;
        Assert.Equal(1, await _dispatcher.DispatchAsync(default));
        var posted = Assert.Single(_slack.Messages);
        Assert.Equal(item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), posted.OutboxId);
        Assert.Equal(posted.Ts, _store.Ref("decision:a")?.Ts);
        Assert.Contains(_slack.Calls, c => c.Method == "conversations.history" && c.Body.Contains("include_all_metadata=true", StringComparison.Ordinal));

        // The thread of the message found that way: a reply is looked for there once it was attempted.
        _store.Reply("C1", "decision:a", Body("promoted"));
        _slack.LosePostAnswers = true;
        Assert.Equal(0, await _dispatcher.DispatchAsync(default));
        _slack.LosePostAnswers = false;
        Assert.Equal(1, await _dispatcher.DispatchAsync(default));
        var reply = Assert.Single(_slack.Messages, m => m.ThreadTs is not null);
        Assert.Equal(posted.Ts, reply.ThreadTs);
        Assert.Contains(_slack.Calls, c => c.Method == "conversations.replies" && c.Body.Contains($"ts={posted.Ts}", StringComparison.Ordinal));

        // An update goes to the message found: in place, no new post.
        _store.Upsert("C1", "decision:a", Body("decision a, promoted"));
        Assert.Equal(1, await _dispatcher.DispatchAsync(default));
        Assert.Equal(posted.Ts, Assert.Single(_slack.Calls, c => c.Method == "chat.update").Ts);
        Assert.Equal(2, _slack.Messages.Count);
        Assert.Empty(_store.Pending());
    }

    [Fact]
    public async Task An_attempted_post_that_never_reached_slack_is_posted_once()
    {
        _store.Post("C1", Body("hold placed"));
        _slack.Failure = m => m == "chat.postMessage" ? 503 : null;
        Assert.Equal(0, await _dispatcher.DispatchAsync(default));
        Assert.Equal(1, Assert.Single(_store.Pending()).Attempts);

        _slack.Failure = _ => null;
        Assert.Equal(1, await _dispatcher.DispatchAsync(default));
        Assert.Equal("hold placed", Assert.Single(_slack.Messages).Text);
        Assert.Single(_slack.Calls, c => c.Method == "conversations.history");
        Assert.Empty(_store.Pending());
    }

    [Fact]
    public async Task A_first_attempt_posts_without_searching()
    {
        _store.Post("C1", Body("one"));
        _store.Post("C1", Body("two"));

        Assert.Equal(2, await _dispatcher.DispatchAsync(default));

        Assert.Equal(["one", "two"], _slack.Messages.Select(m => m.Text));
        Assert.DoesNotContain(_slack.Calls, c => c.Method.StartsWith("conversations.", StringComparison.Ordinal));
        Assert.All(_slack.Messages, m => Assert.NotNull(m.OutboxId));
    }

    [Fact]
    public async Task Without_history_access_an_attempted_post_is_posted_again_rather_than_lost()
    {
        _store.Post("C1", Body("hold placed"));
        _slack.LosePostAnswers = true;
        Assert.Equal(0, await _dispatcher.DispatchAsync(default));

        _slack.LosePostAnswers = false;
        _slack.Failure = m => m == "conversations.history" ? 403 : null;
        Assert.Equal(1, await _dispatcher.DispatchAsync(default));

        Assert.Equal(2, _slack.Messages.Count(m => m.Text == "hold placed"));
        Assert.Empty(_store.Pending());
    }

    private static string Body(string text) => SlackMessageJson.Serialize(new SlackMessage(text));

    [Fact]
    public async Task A_direct_message_whose_answer_was_lost_is_found_in_the_dm_after_a_restart_and_updated_in_place()
    {
        _store.Upsert("UAPP00001", "force:k3f9q2:dm:UAPP00001", Body("force-promote request k3f9q2"));
        _slack.LosePostAnswers = true;
        Assert.Equal(0, await _dispatcher.DispatchAsync(default));
        Assert.Equal("DUAPP00001", Assert.Single(_slack.Messages).Channel);

        // A new process: no DM channel remembered, the item attempted once.
        _slack.LosePostAnswers = false;
        var restarted = new OutboxDispatcher(_store, _provider.GetRequiredService<ISlackApiClient>(), TimeProvider.System, _provider.GetRequiredService<ILogger<OutboxDispatcher>>());
        Assert.Equal(1, await restarted.DispatchAsync(default));
        var posted = Assert.Single(_slack.Messages);
        Assert.Equal(("DUAPP00001", "DUAPP00001"), (_store.Ref("force:k3f9q2:dm:UAPP00001")?.Channel, posted.Channel));
        Assert.Contains(_slack.Calls, c => c.Method == "conversations.history" && c.Body.Contains("channel=DUAPP00001", StringComparison.Ordinal));
        Assert.Equal(["UAPP00001", "UAPP00001"], _slack.OpenedDirectMessages);

        _store.Upsert("UAPP00001", "force:k3f9q2:dm:UAPP00001", Body("force-promote request k3f9q2: approved"));
        Assert.Equal(1, await restarted.DispatchAsync(default));
        var update = Assert.Single(_slack.Calls, c => c.Method == "chat.update");
        Assert.Equal(("DUAPP00001", posted.Ts), (update.Channel, update.Ts));
        Assert.Single(_slack.Messages);
    }
}
