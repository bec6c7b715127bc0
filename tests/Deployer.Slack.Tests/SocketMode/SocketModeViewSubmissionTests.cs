using System.Text.Json;
using Deployer.Slack.Inbound;
using Deployer.Slack.SocketMode;
using Deployer.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Tests.SocketMode;

/// <summary><c>view_submission</c> over Socket Mode: the handler's response rides on the envelope's ack as <c>payload</c>.</summary>
public sealed class SocketModeViewSubmissionTests : IAsyncLifetime
{
    private readonly RecordingHandler _handler = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;
    private Task<SocketModeStopReason>? _run;

    private static JsonElement Submission(string reason) => SlackInteractionBodies.Parse(SlackInteractionBodies.ViewSubmission("U9", "force_request",
        [SlackViewField.Text("reason", "text", reason), SlackViewField.Selected("stage", "pick", "prod")], viewId: "V9"));

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _services = TestServices.Build(_slack, handler: _handler);
        _run = _services.GetRequiredService<SocketModeClient>().RunAsync(_stop.Token);
        await _slack.WaitForSocketAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run!.WaitAsync(TimeSpan.FromSeconds(10));
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task An_errors_response_is_sent_as_the_ack_payload()
    {
        _handler.SubmissionReply = p => p.Get("reason", "text") is { Length: > 3 } ? null
            : ViewSubmissionResponse.Errors(new Dictionary<string, string> { ["reason"] = "Too short" });

        var ack = await _slack.SendEnvelopeAsync("interactive", Submission("no"));

        Assert.Equal("errors", ack.GetProperty("response_action").GetString());
        Assert.Equal("Too short", ack.GetProperty("errors").GetProperty("reason").GetString());
        var payload = await _handler.NextAsync<ViewSubmissionPayload>();
        Assert.Equal("V9", payload.ViewId);
        Assert.Equal("prod", payload.Get("stage", "pick"));
    }

    [Fact]
    public async Task A_null_response_acks_without_a_payload()
    {
        var ack = await _slack.SendEnvelopeAsync("interactive", Submission("long enough"));

        Assert.Equal(JsonValueKind.Undefined, ack.ValueKind);
        Assert.Equal("long enough", (await _handler.NextAsync<ViewSubmissionPayload>()).Get("reason", "text"));
    }

    [Fact]
    public async Task A_malformed_submission_is_acked_without_reaching_the_handler()
    {
        var ack = await _slack.SendEnvelopeAsync("interactive", SlackInteractionBodies.Parse("""{"type":"view_submission","user":{"id":"U1"}}"""));

        Assert.Equal(JsonValueKind.Undefined, ack.ValueKind);
        // The socket still works afterwards, and nothing reached the handler before this.
        await _slack.SendEnvelopeAsync("interactive", Submission("later"));
        Assert.Equal("later", (await _handler.NextAsync<ViewSubmissionPayload>()).Get("reason", "text"));
        Assert.Single(_handler.All);
    }
}
