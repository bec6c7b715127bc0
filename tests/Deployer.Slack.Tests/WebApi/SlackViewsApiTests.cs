using System.Net;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

/// <summary><c>views.open</c> and <c>conversations.open</c> through the real HttpClient, auth and resilience path, against the fake Slack.</summary>
public sealed class SlackViewsApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeSlackServer _slack = null!;
    private ServiceProvider? _services;

    private static SlackView ForceModal => new("Force promote",
        [new SectionBlock("*router* staging → production"), new InputBlock("reason", "Reason", new PlainTextInputElement("text", multiline: true)),
         new InputBlock("stage", "Stage", new StaticSelectElement("pick", [new SelectOption("production", "prod")]))],
        "force_request", privateMetadata: "router", submit: "Request");

    public async Task InitializeAsync() => _slack = await FakeSlackServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Open_view_posts_trigger_and_view_as_json_with_the_bot_token_and_returns_the_view_id()
    {
        var client = Client();

        var id = await client.OpenViewAsync("12345.98765.abcd", ForceModal);

        var opened = Assert.Single(_slack.OpenedViews);
        Assert.Null(opened.Problem);
        Assert.Equal(opened.ViewId, id);
        Assert.StartsWith("V", id, StringComparison.Ordinal);
        Assert.Equal("12345.98765.abcd", opened.TriggerId);
        Assert.Equal("force_request", opened.CallbackId);
        Assert.Equal("router", opened.PrivateMetadata);
        Assert.Equal("modal", opened.View.GetProperty("type").GetString());
        Assert.Equal("plain_text_input", opened.View.GetProperty("blocks")[1].GetProperty("element").GetProperty("type").GetString());
        var call = Assert.Single(_slack.Calls);
        Assert.Equal("views.open", call.Method);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("Bearer " + TestServices.BotToken, call.Authorization);
    }

    [Fact]
    public async Task Open_view_ok_false_is_a_typed_api_error()
    {
        var client = Client();
        _slack.Enqueue("views.open", """{"ok":false,"error":"expired_trigger_id"}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.OpenViewAsync("old.trigger", ForceModal));

        Assert.Equal("views.open", ex.Method);
        Assert.Equal("expired_trigger_id", ex.Error);
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Open_view_refused_by_slacks_validation_is_invalid_arguments()
    {
        var client = Client();
        _slack.Enqueue("views.open", """{"ok":false,"error":"invalid_arguments","response_metadata":{"messages":["[ERROR] must provide a title"]}}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.OpenViewAsync("t", ForceModal));

        Assert.Equal("invalid_arguments", ex.Error);
    }

    [Fact]
    public async Task Open_view_is_not_retried_after_a_server_error()
    {
        var client = Client(o => o.MaxRetries = 3);
        _slack.Enqueue("views.open", new FakeResponse(503, "upstream unavailable"));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => DriveAsync(client.OpenViewAsync("t", ForceModal)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(_slack.Calls);
        Assert.Empty(_slack.OpenedViews);
    }

    [Fact]
    public async Task Open_view_is_not_retried_after_a_timeout()
    {
        var client = Client(o => { o.MaxRetries = 3; o.HttpTimeout = TimeSpan.FromSeconds(5); });
        _slack.Enqueue("views.open", new FakeResponse(200, "{}") { Hang = true });

        var opening = client.OpenViewAsync("t", ForceModal);
        await _slack.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => DriveAsync(opening));
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Open_view_retries_a_rate_limit_that_ends_within_the_triggers_life()
    {
        var client = Client(o => o.MaxRetries = 3);
        _slack.Enqueue("views.open", FakeResponse.RateLimited(1));

        var id = await DriveAsync(client.OpenViewAsync("t", ForceModal));

        Assert.Equal(2, _slack.Calls.Count);
        Assert.Equal(id, Assert.Single(_slack.OpenedViews).ViewId);
    }

    [Fact]
    public async Task Open_view_gives_up_when_the_trigger_expires_during_a_rate_limit_wait()
    {
        var client = Client(o => o.MaxRetries = 3);
        _slack.Enqueue("views.open", FakeResponse.RateLimited(10));

        var opening = client.OpenViewAsync("t", ForceModal);
        await _slack.NextRequestAsync();
        _time.Advance(SlackApiClient.TriggerLifetime);

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => opening.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("trigger_id expires 3 s", ex.Message, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Open_view_is_not_paced_behind_a_channels_posts()
    {
        var client = Client(o => o.PostMessageInterval = TimeSpan.FromMinutes(5));
        await client.PostMessageAsync("C1", new SlackMessage("first")).WaitAsync(TimeSpan.FromSeconds(10));

        // No clock movement: a paced call would wait five minutes of fake time.
        await client.OpenViewAsync("t", ForceModal).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(_slack.OpenedViews);
    }

    [Fact]
    public async Task Open_direct_message_sends_users_as_a_form_and_returns_the_dm_channel()
    {
        var client = Client();

        var channel = await client.OpenDirectMessageAsync("U123");

        Assert.Equal("DU123", channel);
        Assert.Equal(["U123"], _slack.OpenedDirectMessages);
        var call = Assert.Single(_slack.Calls);
        Assert.Equal("conversations.open", call.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestServices.BotToken, call.Authorization);
        Assert.Equal("U123", call.Form["users"]);
        Assert.Equal("false", call.Form["return_im"]);
    }

    [Fact]
    public async Task Open_direct_message_missing_scope_is_a_typed_api_error()
    {
        var client = Client();
        _slack.Enqueue("conversations.open", """{"ok":false,"error":"missing_scope","needed":"im:write","provided":"chat:write"}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.OpenDirectMessageAsync("U123"));

        Assert.Equal("conversations.open", ex.Method);
        Assert.Equal("missing_scope", ex.Error);
    }

    [Fact]
    public async Task A_post_to_the_opened_dm_channel_is_kept_like_any_channel()
    {
        var client = Client();

        var channel = await client.OpenDirectMessageAsync("U7");
        var posted = await client.PostMessageAsync(channel, new SlackMessage("Approve router?"));

        Assert.Equal("DU7", posted.Channel);
        var message = Assert.Single(_slack.Messages);
        Assert.Equal("DU7", message.Channel);
    }

    private ISlackApiClient Client(Action<SlackOptions>? configure = null)
    {
        _services = TestServices.Build(_slack, configure, _time);
        return _services.GetRequiredService<ISlackApiClient>();
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="call"/> completes (a retry would wait on it).</summary>
    private async Task<T> DriveAsync<T>(Task<T> call)
    {
        for (var i = 0; i < 300 && !call.IsCompleted; i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        return await call.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
