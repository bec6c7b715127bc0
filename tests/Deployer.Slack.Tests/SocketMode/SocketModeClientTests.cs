using System.Text.Json;
using Deployer.Slack.Inbound;
using Deployer.Slack.SocketMode;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Tests.SocketMode;

public sealed class SocketModeClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly RecordingHandler _handler = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;
    private Task<SocketModeStopReason>? _run;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.ScriptedSockets = true; // each test plays Slack's side of the handshake itself
        _services = TestServices.Build(_slack, handler: _handler);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(Timeout);
            }
            catch (SlackApiException)
            {
            }
        }

        await _services.DisposeAsync();
        await _slack.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Acknowledges_the_three_envelope_types_with_a_payload_only_where_accepted()
    {
        _handler.CommandReply = c => SlackMessageResponse.Ephemeral("Status of " + c.Text);
        var socket = await StartAsync();
        await socket.SendHelloAsync();

        await socket.SendAsync(SlashCommandEnvelope("env-1", "router"));
        var commandAck = await ReceiveAckAsync(socket);
        await socket.SendAsync(InteractiveEnvelope("env-2"));
        var interactiveAck = await ReceiveAckAsync(socket);
        await socket.SendAsync(EventEnvelope("env-3", "Ev1"));
        var eventAck = await ReceiveAckAsync(socket);

        Assert.Equal("env-1", commandAck.GetProperty("envelope_id").GetString());
        Assert.Equal("ephemeral", commandAck.GetProperty("payload").GetProperty("response_type").GetString());
        Assert.Equal("Status of router", commandAck.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("env-2", interactiveAck.GetProperty("envelope_id").GetString());
        Assert.False(interactiveAck.TryGetProperty("payload", out _));
        Assert.Equal("env-3", eventAck.GetProperty("envelope_id").GetString());
        Assert.False(eventAck.TryGetProperty("payload", out _));
        Assert.Equal("/deploy", (await _handler.NextAsync<SlashCommand>()).Command);
        Assert.Equal("approve", (await _handler.NextAsync<BlockActionsPayload>()).Actions[0].ActionId);
        var callback = await _handler.NextAsync<SlackEventCallback>();
        Assert.Equal("Ev1", callback.EventId);
        Assert.Equal(1, callback.RetryNum);
        Assert.Equal("timeout", callback.RetryReason);
    }

    [Fact]
    public async Task Command_reply_is_not_sent_when_the_envelope_does_not_accept_a_payload()
    {
        _handler.CommandReply = _ => SlackMessageResponse.Ephemeral("ignored");
        var socket = await StartAsync();
        await socket.SendHelloAsync();

        await socket.SendAsync(SlashCommandEnvelope("env-1", "x", acceptsPayload: false));

        Assert.False((await ReceiveAckAsync(socket)).TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task Refresh_requested_switches_connections_without_losing_or_double_acking_envelopes()
    {
        var first = await StartAsync();
        await first.SendHelloAsync();
        await first.SendAsync(EventEnvelope("env-A", "EvA"));
        Assert.Equal("env-A", (await ReceiveAckAsync(first)).GetProperty("envelope_id").GetString());

        await first.SendDisconnectAsync("refresh_requested");
        var second = await _slack.NextSocketAsync();
        // Slack keeps delivering on the old socket until the new one is ready: it must still be read and acked there.
        await first.SendAsync(EventEnvelope("env-B", "EvB"));
        Assert.Equal("env-B", (await ReceiveAckAsync(first)).GetProperty("envelope_id").GetString());
        // A redelivery of an already acked envelope on the new socket must not be handled or acked again.
        await second.SendAsync(EventEnvelope("env-A", "EvA"));
        await second.SendHelloAsync();
        await first.ClientClosed.WaitAsync(Timeout);
        await second.SendAsync(EventEnvelope("env-C", "EvC"));
        Assert.Equal("env-C", (await ReceiveAckAsync(second)).GetProperty("envelope_id").GetString());

        await _stop.CancelAsync();
        Assert.Equal(SocketModeStopReason.Cancelled, await _run!.WaitAsync(Timeout));
        Assert.Empty(await second.RemainingAfterCloseAsync());
        Assert.Empty(await first.RemainingAfterCloseAsync());
        Assert.Equal(["EvA", "EvB", "EvC"], _handler.All.OfType<SlackEventCallback>().Select(e => e.EventId));
        Assert.Equal(2, _slack.Calls.Count(r => r.Method == "apps.connections.open"));
    }

    [Fact]
    public async Task Link_disabled_stops_the_client_without_reconnecting()
    {
        var socket = await StartAsync();
        await socket.SendHelloAsync();

        await socket.SendDisconnectAsync("link_disabled");

        Assert.Equal(SocketModeStopReason.LinkDisabled, await _run!.WaitAsync(Timeout));
        await socket.ClientClosed.WaitAsync(Timeout);
        Assert.Equal(1, _slack.Calls.Count(r => r.Method == "apps.connections.open"));
    }

    [Fact]
    public async Task A_dropped_socket_is_reopened_and_envelopes_flow_again()
    {
        var first = await StartAsync();
        await first.SendHelloAsync();

        first.Drop();
        var second = await _slack.NextSocketAsync();
        await second.SendHelloAsync();
        await second.SendAsync(InteractiveEnvelope("env-after-drop"));

        Assert.Equal("env-after-drop", (await ReceiveAckAsync(second)).GetProperty("envelope_id").GetString());
        Assert.Equal(2, _slack.Calls.Count(r => r.Method == "apps.connections.open"));
    }

    [Fact]
    public async Task A_connection_that_never_says_hello_is_replaced()
    {
        await _services.DisposeAsync();
        _services = TestServices.Build(_slack, o => o.SocketModeHelloTimeout = TimeSpan.FromMilliseconds(200), handler: _handler);
        var silent = await StartAsync();

        var second = await _slack.NextSocketAsync();
        await second.SendHelloAsync();
        await second.SendAsync(InteractiveEnvelope("env-1"));

        Assert.Equal("env-1", (await ReceiveAckAsync(second)).GetProperty("envelope_id").GetString());
        await silent.ClientClosed.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_refused_app_token_stops_with_a_typed_failure()
    {
        _slack.Enqueue("apps.connections.open", """{"ok":false,"error":"invalid_auth"}""");

        var run = _services.GetRequiredService<SocketModeClient>().RunAsync(_stop.Token);

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => run.WaitAsync(Timeout));
        Assert.Equal("invalid_auth", ex.Error);
    }

    [Fact]
    public async Task Cancelling_returns_cancelled_and_closes_the_socket()
    {
        var socket = await StartAsync();
        await socket.SendHelloAsync();

        await _stop.CancelAsync();

        Assert.Equal(SocketModeStopReason.Cancelled, await _run!.WaitAsync(Timeout));
        await socket.ClientClosed.WaitAsync(Timeout);
    }

    private async Task<FakeSocket> StartAsync()
    {
        _run = _services.GetRequiredService<SocketModeClient>().RunAsync(_stop.Token);
        return await _slack.NextSocketAsync();
    }

    private static async Task<JsonElement> ReceiveAckAsync(FakeSocket socket)
    {
        using var document = JsonDocument.Parse(await socket.ReceiveAsync());
        return document.RootElement.Clone();
    }

    private static string SlashCommandEnvelope(string envelopeId, string text, bool acceptsPayload = true) => $$$"""
        {"envelope_id":"{{{envelopeId}}}","type":"slash_commands","accepts_response_payload":{{{(acceptsPayload ? "true" : "false")}}},
         "payload":{"token":"x","team_id":"T1","channel_id":"C1","user_id":"U1","command":"/deploy","text":"{{{text}}}",
                    "response_url":"https://hooks.slack.com/commands/1","trigger_id":"t1","api_app_id":"A1"}}
        """;

    private static string InteractiveEnvelope(string envelopeId) =>
        "{\"envelope_id\":\"" + envelopeId + "\",\"type\":\"interactive\",\"accepts_response_payload\":false,\"payload\":"
        + Inbound.InteractionPayloadParserTests.BlockActionsJson + "}";

    private static string EventEnvelope(string envelopeId, string eventId) => $$$"""
        {"envelope_id":"{{{envelopeId}}}","type":"events_api","accepts_response_payload":false,"retry_attempt":1,"retry_reason":"timeout",
         "payload":{"type":"event_callback","team_id":"T1","event_id":"{{{eventId}}}","event_time":1700000000,
                    "event":{"type":"app_mention","user":"U1","text":"hi","channel":"C1"} } }
        """;
}
