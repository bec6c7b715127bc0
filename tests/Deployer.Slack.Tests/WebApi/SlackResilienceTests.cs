using System.Net;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

/// <summary>The Slack HttpClients' resilience pipeline (retry with Retry-After, circuit breaker, timeouts, channel pacing) on a fake clock.</summary>
public sealed class SlackResilienceTests : IAsyncLifetime
{
    private static readonly SlackMessage Hi = new("hi");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeSlackServer _slack = null!;
    private ServiceProvider? _services;

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
    public async Task A_429_is_retried_after_its_Retry_After_on_the_injected_clock()
    {
        var client = Client();
        _slack.Enqueue("chat.postMessage", new FakeResponse(429, """{"ok":false,"error":"ratelimited"}""", RetryAfter("15")));
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"5.6"}""");

        var posting = client.PostMessageAsync("C1", Hi);
        await _slack.NextRequestAsync();
        var start = _time.GetUtcNow();
        await DriveUntilAsync(() => _slack.Calls.Count == 2);
        var waited = _time.GetUtcNow() - start;

        Assert.Equal("5.6", (await posting.WaitAsync(TimeSpan.FromSeconds(10))).Ts);
        Assert.InRange(waited, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(25));
        Assert.Equal(2, _slack.Calls.Count);
    }

    [Fact]
    public async Task Ok_false_ratelimited_with_HTTP_200_is_retried_and_other_ok_false_errors_are_final()
    {
        var client = Client();
        _slack.Enqueue("chat.postMessage", new FakeResponse(200, """{"ok":false,"error":"ratelimited"}""", RetryAfter("2")));
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"7.8"}""");

        var posted = await DriveAsync(client.PostMessageAsync("C1", Hi));

        Assert.Equal("7.8", posted.Ts);
        Assert.Equal(2, _slack.Calls.Count);

        _slack.Enqueue("chat.postMessage", """{"ok":false,"error":"channel_not_found"}""");
        var refused = await Assert.ThrowsAsync<SlackApiException>(() => DriveAsync(client.PostMessageAsync("C404", Hi)));
        Assert.Equal("channel_not_found", refused.Error);
        Assert.Equal(3, _slack.Calls.Count);
    }

    [Fact]
    public async Task Rate_limit_outlasting_the_retries_is_a_transient_failure_with_retry_after()
    {
        var client = Client(o => o.MaxRetries = 2);
        for (var i = 0; i < 3; i++)
        {
            _slack.Enqueue("users.info", new FakeResponse(429, """{"ok":false,"error":"ratelimited"}""", RetryAfter("0")));
        }

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => DriveAsync(client.GetUserAsync("U1")));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.Zero, ex.RetryAfter);
        Assert.Equal(3, _slack.Calls.Count(r => r.Method == "users.info"));
    }

    [Fact]
    public async Task Retry_after_longer_than_the_maximum_is_not_waited_in_process()
    {
        var client = Client();
        _slack.Enqueue("users.info", new FakeResponse(429, "{}", RetryAfter("3600")));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => client.GetUserAsync("U1"));

        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported_as_transient()
    {
        var client = Client(o => o.MaxRetries = 2);
        _slack.Enqueue("chat.postMessage", new FakeResponse(503, "upstream unavailable"));
        _slack.Enqueue("chat.postMessage", new FakeResponse(500, "oops"));
        _slack.Enqueue("chat.postMessage", new FakeResponse(502, "bad gateway"));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => DriveAsync(client.PostMessageAsync("C1", Hi)));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal(3, _slack.Calls.Count);
    }

    [Fact]
    public async Task A_post_with_metadata_is_not_retried_after_a_failure_slack_may_have_acted_on_but_is_after_a_rate_limit()
    {
        var client = Client(o => o.MaxRetries = 2);
        var tagged = new SlackMessage("hi") { Metadata = new SlackMessageMetadata("deployer_outbox", new Dictionary<string, string> { ["id"] = "1" }) };
        _slack.Enqueue("chat.postMessage", new FakeResponse(503, "upstream unavailable"));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => DriveAsync(client.PostMessageAsync("C1", tagged)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Single(_slack.Calls);

        _slack.Enqueue("chat.postMessage", new FakeResponse(429, """{"ok":false,"error":"ratelimited"}""", RetryAfter("1")));
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"9.9"}""");
        Assert.Equal("9.9", (await DriveAsync(client.PostMessageAsync("C1", tagged))).Ts);
        Assert.Equal(3, _slack.Calls.Count);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_lets_a_call_through_after_its_break()
    {
        var client = Client(o => o.MaxRetries = 0);
        for (var i = 0; i < SlackResilience.BreakerMinimumThroughput; i++)
        {
            _slack.Enqueue("chat.postMessage", new FakeResponse(503, "down"));
            await Assert.ThrowsAsync<SlackTransientException>(() => client.PostMessageAsync("C1", Hi));
        }

        var paused = await Assert.ThrowsAsync<SlackTransientException>(() => client.PostMessageAsync("C1", Hi));
        Assert.Contains("circuit breaker", paused.Message, StringComparison.Ordinal);
        Assert.Equal(SlackResilience.BreakerMinimumThroughput, _slack.Calls.Count); // failed without reaching Slack

        _time.Advance(SlackResilience.BreakDuration);
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"9.9"}""");
        Assert.Equal("9.9", (await client.PostMessageAsync("C1", Hi)).Ts);
        Assert.Equal(SlackResilience.BreakerMinimumThroughput + 1, _slack.Calls.Count);
    }

    [Fact]
    public async Task A_hanging_attempt_times_out_on_the_injected_clock_and_is_retried()
    {
        var client = Client(o => o.HttpTimeout = TimeSpan.FromSeconds(10));
        _slack.Enqueue("chat.update", new FakeResponse(200, "{}") { Hang = true });
        _slack.Enqueue("chat.update", """{"ok":true,"channel":"C1","ts":"1.2"}""");

        var updating = client.UpdateMessageAsync("C1", "1.2", Hi);
        await _slack.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("1.2", (await DriveAsync(updating)).Ts);
        Assert.Equal(2, _slack.Calls.Count);
    }

    [Fact]
    public async Task Writes_to_one_channel_are_paced_and_other_channels_are_not()
    {
        var client = Client(o =>
        {
            o.MaxRetries = 0;
            o.PostMessageInterval = TimeSpan.FromSeconds(1);
        });

        var first = client.PostMessageAsync("C1", new SlackMessage("one"));
        var second = client.UpdateMessageAsync("C1", "1.1", new SlackMessage("two"));
        var other = client.PostMessageAsync("C2", new SlackMessage("other"));
        await Task.WhenAll(first, other).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200); // the paced update must not go out without the clock moving
        Assert.False(second.IsCompleted);
        Assert.Equal(2, _slack.Calls.Count);

        _time.Advance(TimeSpan.FromSeconds(1));

        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["chat.postMessage", "chat.postMessage", "chat.update"], _slack.Calls.Select(r => r.Method).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_call_that_ends_rate_limited_holds_its_channel_for_the_Retry_After()
    {
        var client = Client(o =>
        {
            o.MaxRetries = 0;
            o.PostMessageInterval = TimeSpan.FromSeconds(1);
        });
        _slack.Enqueue("chat.postMessage", new FakeResponse(429, """{"ok":false,"error":"ratelimited"}""", RetryAfter("10")));

        var limited = await Assert.ThrowsAsync<SlackTransientException>(() => client.PostMessageAsync("C1", new SlackMessage("one")));
        var next = client.PostMessageAsync("C1", new SlackMessage("one again"));
        await client.PostMessageAsync("C2", new SlackMessage("elsewhere")).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(9.9));
        await Task.Delay(200); // the held channel must not go out without the clock reaching the Retry-After
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(10), limited.RetryAfter);
        Assert.Equal(3, _slack.Calls.Count);
    }

    private ISlackApiClient Client(Action<SlackOptions>? configure = null)
    {
        _services = TestServices.Build(_slack, configure, _time);
        return _services.GetRequiredService<ISlackApiClient>();
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="call"/> completes (retry backoffs wait on it).</summary>
    private async Task<T> DriveAsync<T>(Task<T> call)
    {
        for (var i = 0; i < 2_000 && !call.IsCompleted; i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        return await call.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="condition"/> holds.</summary>
    private async Task DriveUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++)
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(condition(), "never happened within 200 s of fake time");
    }

    private static Dictionary<string, string> RetryAfter(string seconds) => new() { ["Retry-After"] = seconds };
}
