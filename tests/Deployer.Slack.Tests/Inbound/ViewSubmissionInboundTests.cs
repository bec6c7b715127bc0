using System.Net;
using System.Text.Json;
using Deployer.Slack.Inbound;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.Tests.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Inbound;

/// <summary><c>view_submission</c> on the HTTP interactivity route, on a real Kestrel host, signed like Slack.</summary>
public sealed class ViewSubmissionInboundTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(SlackSigningVectors.SentAt);
    private readonly RecordingHandler _handler = new();
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static string Submission => SlackInteractionBodies.ViewSubmission("U42", "force_request",
        [SlackViewField.Text("reason", "text", "INC-7 is fixed"), SlackViewField.Selected("stage", "pick", "prod"), SlackViewField.Text("note", "text", null)],
        privateMetadata: "{\"pipeline\":\"router\"}", viewId: "V123");

    public async Task InitializeAsync()
    {
        _app = InboundTestHost.CreateBuilder(_time, _handler, _logs).Build();
        _app.MapSlackInbound();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Signed_submission_reaches_the_handler_with_its_state_values()
    {
        using var response = await SendAsync(Submission);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payload = await _handler.NextAsync<ViewSubmissionPayload>();
        Assert.Equal("U42", payload.UserId);
        Assert.Equal("V123", payload.ViewId);
        Assert.Equal("force_request", payload.CallbackId);
        Assert.Equal("{\"pipeline\":\"router\"}", payload.PrivateMetadata);
        Assert.Equal("T1", payload.TeamId);
        Assert.Equal("INC-7 is fixed", payload.Get("reason", "text"));
        Assert.Equal("prod", payload.Get("stage", "pick"));
        Assert.Equal("static_select", payload.Values["stage"]["pick"].Type);
        Assert.Null(payload.Get("note", "text"));
        Assert.Null(payload.Get("missing", "text"));
    }

    [Fact]
    public async Task A_null_response_is_an_empty_200_that_closes_the_modal()
    {
        using var response = await SendAsync(Submission);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_errors_response_is_returned_as_json()
    {
        _handler.SubmissionReply = p => p.Get("reason", "text") is { Length: > 20 } ? null
            : ViewSubmissionResponse.Errors(new Dictionary<string, string> { ["reason"] = "Give a longer reason" });

        using var response = await SendAsync(Submission);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("errors", body.RootElement.GetProperty("response_action").GetString());
        Assert.Equal("Give a longer reason", body.RootElement.GetProperty("errors").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Unsigned_submission_is_refused_and_not_dispatched()
    {
        using var request = SlackInteractionBodies.SignedInteraction("/slack/interactions", Submission, "not-the-secret", _time.GetUtcNow());

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.All);
        AssertWarned("Refused unverified");
    }

    [Fact]
    public async Task Replayed_submission_is_refused()
    {
        using var first = await SendAsync(Submission);
        using var replay = await SendAsync(Submission);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Single(_handler.All);
        AssertWarned("Refused replayed");
    }

    [Theory]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"}}""", "view is missing")]
    [InlineData("""{"type":"view_submission","view":{"id":"V1","callback_id":"cb","state":{"values":{}}}}""", "user.id is missing")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"callback_id":"cb","state":{"values":{}}}}""", "view.id is missing")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1","state":{"values":{}}}}""", "view.callback_id is missing")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1","callback_id":"cb"}}""", "view.state.values is missing")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1","callback_id":"cb","state":{"values":{"b":[1]}}}}""", "view.state.values.b is not an object")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1","callback_id":"cb","state":{"values":{"b":{"a":"x"}}}}}""", "view.state.values.b.a is not an object")]
    public async Task Malformed_submission_is_a_400_naming_the_problem(string payload, string problem)
    {
        using var response = await SendAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("malformed view_submission: " + problem, body.RootElement.GetProperty("error").GetString());
        Assert.Empty(_handler.All);
        AssertWarned(problem);
    }

    [Fact]
    public async Task Submission_payload_that_is_not_json_is_a_400()
    {
        using var response = await SendAsync("""{"type":"view_submission","user":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_handler.All);
    }

    [Fact]
    public async Task Submission_holding_a_lone_surrogate_is_a_400_not_a_500()
    {
        var payload = SlackInteractionBodies.ViewSubmission("U42", "force_request", [SlackViewField.Text("reason", "text", "x")])
            .Replace("\"value\":\"x\"", "\"value\":\"\\ud800\"", StringComparison.Ordinal);
        Assert.Contains("\\ud800", payload, StringComparison.Ordinal);

        using var response = await SendAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_handler.All);
    }

    private void AssertWarned(string text) =>
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(SlackInbound).FullName && e.Message.Contains(text, StringComparison.Ordinal));

    private async Task<HttpResponseMessage> SendAsync(string payloadJson)
    {
        using var request = SlackInteractionBodies.SignedInteraction("/slack/interactions", payloadJson, SlackSigningVectors.Secret, _time.GetUtcNow());
        return await _http.SendAsync(request);
    }
}
