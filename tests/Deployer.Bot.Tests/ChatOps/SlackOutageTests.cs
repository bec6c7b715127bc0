using System.Collections.Concurrent;
using System.Text.Json;
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
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>
/// Slack down for ten minutes (connection refused, then 503, then 429 with Retry-After), the bot restarted half-way:
/// afterwards every message is delivered, in order per channel, none twice. The real outbox (a LiteDB file), dispatcher,
/// Slack client and resilience pipeline (production settings) against a fake Slack on 127.0.0.1, on a fake clock that
/// moves only while no call is on the wire.
/// </summary>
public sealed class SlackOutageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Channels = ["C_ALPHA", "C_BRAVO", "C_CHARLIE"];
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Refused = TimeSpan.FromMinutes(4);   // [0, 4 min): nothing listens
    private static readonly TimeSpan Failing = TimeSpan.FromMinutes(8);   // [4, 8 min): 503
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(10);   // [8, 10 min): 429, Retry-After 5 s
    private static readonly TimeSpan JobInterval = TimeSpan.FromSeconds(1); // ChatOps:OutboxInterval
    private readonly FakeTimeProvider _time = new(T0);
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<WireAttempt> _wire = new();
    private int _inFlight;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Slack_down_ten_minutes_then_every_message_goes_out_in_order_per_channel_and_none_twice()
    {
        var port = await FreePortAsync();
        var expected = Channels.ToDictionary(c => c, _ => new List<string>(), StringComparer.Ordinal);
        var node = Start(port);
        var queued = 0;
        void Post(Node n, string channel, string text)
        {
            n.Store.Post(channel, SlackMessageJson.Serialize(new SlackMessage(text)));
            expected[channel].Add(text);
            queued++;
        }

        void Upsert(Node n, string channel, string version, bool first)
        {
            var text = $"{channel} decision {version}";
            n.Store.Upsert(channel, $"decision:{channel}", SlackMessageJson.Serialize(new SlackMessage(text)));
            if (first)
            {
                expected[channel].Add(text);
                queued++;
            }
            else
            {
                // Not posted yet: the post itself carries the newest content, in the post's place in the queue.
                expected[channel][expected[channel].IndexOf($"{channel} decision v1")] = text;
            }
        }

        var schedule = new SortedList<TimeSpan, Action<Node>>
        {
            [TimeSpan.Zero] = n =>
            {
                foreach (var c in Channels)
                {
                    for (var i = 1; i <= 3; i++)
                    {
                        Post(n, c, $"{c} #{i}");
                    }

                    Upsert(n, c, "v1", first: true);
                }
            },
            [TimeSpan.FromMinutes(1)] = n => Array.ForEach(Channels, c => Post(n, c, $"{c} #4")),
            [TimeSpan.FromMinutes(5)] = n => Array.ForEach(Channels, c =>
            {
                Post(n, c, $"{c} #5");
                Upsert(n, c, "v2", first: false);
            }),
            [TimeSpan.FromMinutes(9)] = n => Array.ForEach(Channels, c => Post(n, c, $"{c} #6")),
        };

        FakeSlackServer? slack = null;
        var restarted = false;
        try
        {
            while (_time.GetUtcNow() - T0 < Outage || node.Store.Depth > 0)
            {
                var elapsed = _time.GetUtcNow() - T0;
                Assert.True(elapsed < Outage + TimeSpan.FromMinutes(10), $"{node.Store.Depth} messages still queued 10 minutes after Slack came back");
                while (schedule.Count > 0 && schedule.Keys[0] <= elapsed)
                {
                    schedule.Values[0](node);
                    schedule.RemoveAt(0);
                }

                if (slack is null && elapsed >= Refused)
                {
                    slack = await FakeSlackServer.StartAsync(port);
                    slack.RetryAfter = "5";
                    // Slack is down for the outbox's every call: posts, updates and the history searches of posts attempted before.
                    slack.Failure = method => !method.StartsWith("chat.", StringComparison.Ordinal) && !method.StartsWith("conversations.", StringComparison.Ordinal) || _time.GetUtcNow() - T0 >= Outage
                        ? null
                        : _time.GetUtcNow() - T0 < Failing ? 503 : 429;
                }

                if (!restarted && elapsed >= TimeSpan.FromMinutes(6))
                {
                    // The bot restarts in the middle of the outage: everything queued is still there, in order.
                    Assert.Equal(queued, node.Store.Depth);
                    node.Dispose();
                    node = Start(port);
                    restarted = true;
                }

                await PassAsync(node.Dispatcher);
                _time.Advance(JobInterval);
            }

            var delivered = slack!.Calls.Where(c => c.Ok && c.Method == "chat.postMessage").ToList();
            Report(delivered, queued);

            // Every message, none twice.
            Assert.Equal(21, queued);
            Assert.Equal(queued, delivered.Count);
            Assert.All(delivered.GroupBy(c => c.Text), g => Assert.Single(g));
            // In order per channel, oldest first, each with its newest content.
            foreach (var channel in Channels)
            {
                Assert.Equal(expected[channel], delivered.Where(c => c.Channel == channel).Select(c => c.Text));
            }

            // Nothing accepted before Slack came back; nothing left behind, nothing dead.
            Assert.DoesNotContain(_wire, a => a.Status == 200 && a.At - T0 < Outage);
            Assert.Equal(0, node.Store.Depth);
            Assert.Equal(0, node.Database.GetCollection("chatops_outbox").Count());
            // Paced: about one message per second per channel, also when catching up.
            foreach (var channel in Channels)
            {
                var sent = _wire.Where(a => a.Status == 200 && a.Channel == channel).Select(a => a.At).Order().ToList();
                Assert.All(sent.Zip(sent.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(1), $"{channel}: {p.First:mm:ss.f} then {p.Second:mm:ss.f}"));
            }

            // Retry-After honored: after a 429 (Retry-After 5 s), that channel's next attempt, in the same call or a later pass, waits it out.
            foreach (var channel in Channels)
            {
                var tries = _wire.Where(a => a.Channel == channel && a.At - T0 >= Failing).OrderBy(a => a.At).ToList();
                Assert.All(tries.Zip(tries.Skip(1)).Where(p => p.First.Status == 429), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromSeconds(5), $"{channel}: 429 at {p.First.At:mm:ss.f}, tried again at {p.Second.At:mm:ss.f}"));
            }

            // The circuit breaker keeps an outage quiet: a handful of attempts, not one per item per pass.
            Assert.InRange(_wire.Count(a => a.At - T0 < Failing), 1, 60);
        }
        finally
        {
            node.Dispose();
            if (slack is not null)
            {
                await slack.DisposeAsync();
            }
        }
    }

    private void Report(List<SlackCall> delivered, int queued)
    {
        int Attempts(TimeSpan from, TimeSpan to) => _wire.Count(a => a.At - T0 >= from && a.At - T0 < to);
        var lastOk = _wire.Where(a => a.Status == 200).Max(a => a.At) - T0;
        output.WriteLine($"queued {queued}, delivered {delivered.Count}, distinct {delivered.Select(c => c.Text).Distinct(StringComparer.Ordinal).Count()}");
        output.WriteLine($"attempts on the wire: refused phase {Attempts(TimeSpan.Zero, Refused)}, 503 phase {Attempts(Refused, Failing)}, 429 phase {Attempts(Failing, Outage)}, after {Attempts(Outage, TimeSpan.MaxValue)}");
        output.WriteLine($"last message delivered {(lastOk - Outage).TotalSeconds:0.0} s after Slack came back");
    }

    private Node Start(int port)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddSlackClient(o =>
        {
            o.ApiBaseUrl = new Uri($"http://127.0.0.1:{port}/api/");
            o.BotToken = "xoxb-test";
        });
        // Innermost: records every attempt that goes on the wire, and lets the clock move only when none is on it.
        services.AddHttpClient(SlackHttpClientNames.WebApi).AddHttpMessageHandler(() => new WireTap(this));
        var provider = services.BuildServiceProvider();
        var database = DeployerDatabase.Open(_dir.File("deployer.db"));
        var store = new OutboxStore(database, _time);
        var dispatcher = new OutboxDispatcher(store, provider.GetRequiredService<ISlackApiClient>(), _time, provider.GetRequiredService<ILogger<OutboxDispatcher>>());
        return new Node(provider, database, store, dispatcher);
    }

    /// <summary>One run of the outbox job; the fake clock moves in 100 ms steps while the pass waits (pacing, Retry-After, backoff).</summary>
    private async Task PassAsync(OutboxDispatcher dispatcher)
    {
        var pass = dispatcher.DispatchAsync(CancellationToken.None);
        for (var spins = 0; !pass.IsCompleted; spins++)
        {
            Assert.True(spins < 50_000, "a dispatch pass never ended");
            await Task.Delay(1);
            if (Volatile.Read(ref _inFlight) == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        await pass;
    }

    private static async Task<int> FreePortAsync()
    {
        await using var probe = await FakeSlackServer.StartAsync();
        return probe.BaseUrl.Port; // nothing listens there once the probe is gone: connection refused
    }

    private sealed record WireAttempt(DateTimeOffset At, string? Channel, int Status);

    private sealed record Node(ServiceProvider Provider, LiteDatabase Database, OutboxStore Store, OutboxDispatcher Dispatcher) : IDisposable
    {
        public void Dispose()
        {
            Provider.Dispose();
            Database.Dispose();
        }
    }

    private sealed class WireTap(SlackOutageTests test) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref test._inFlight);
            var at = test._time.GetUtcNow();
            var channel = request.Content is null ? null : ChannelOf(await request.Content.ReadAsStringAsync(cancellationToken));
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                test._wire.Enqueue(new WireAttempt(at, channel, (int)response.StatusCode));
                return response;
            }
            catch (HttpRequestException)
            {
                test._wire.Enqueue(new WireAttempt(at, channel, 0));
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref test._inFlight);
            }
        }

        private static string? ChannelOf(string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("channel", out var c) ? c.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
