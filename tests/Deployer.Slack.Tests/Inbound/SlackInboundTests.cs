using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.Tests.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Inbound;

/// <summary>The inbound endpoints on a real Kestrel host, called like Slack would.</summary>
public sealed class SlackInboundTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(SlackSigningVectors.SentAt);
    private readonly RecordingHandler _handler = new();
    private readonly SlackRequestSigner _signer = new(SlackSigningVectors.Secret);
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

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
    public async Task Signed_slash_command_is_dispatched_and_its_reply_returned_as_json()
    {
        _handler.CommandReply = c => SlackMessageResponse.Ephemeral(new SlackMessage("Checking " + c.Command, [new SectionBlock("*ok*")]));

        using var response = await PostAsync("/slack/commands", SlackSigningVectors.Body, "application/x-www-form-urlencoded", SlackSigningVectors.Signature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.Equal("Checking /webhook-collect", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("section", body.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("U2CERLKJA", (await _handler.NextAsync<SlashCommand>()).UserId);
    }

    [Fact]
    public async Task Command_without_reply_gets_an_empty_200()
    {
        using var response = await PostAsync("/slack/commands", SlackSigningVectors.Body, "application/x-www-form-urlencoded", SlackSigningVectors.Signature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsigned_request_is_refused_with_401_and_not_dispatched()
    {
        using var response = await PostAsync("/slack/commands", SlackSigningVectors.Body, "application/x-www-form-urlencoded", signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.All);
        AssertWarned(nameof(SignatureFailure.MissingSignature));
    }

    [Fact]
    public async Task Tampered_body_is_refused_with_401()
    {
        var tampered = SlackSigningVectors.Body.Replace("user_id=U2CERLKJA", "user_id=UADMIN0001", StringComparison.Ordinal);

        using var response = await PostAsync("/slack/commands", tampered, "application/x-www-form-urlencoded", SlackSigningVectors.Signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.All);
        AssertWarned(nameof(SignatureFailure.BadSignature));
    }

    [Fact]
    public async Task Stale_request_is_refused_with_401()
    {
        var sentAt = _time.GetUtcNow().ToUnixTimeSeconds();
        var signature = _signer.Sign(sentAt, SlackSigningVectors.Body);
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using var response = await PostAsync("/slack/commands", SlackSigningVectors.Body, "application/x-www-form-urlencoded", signature, sentAt);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.All);
        AssertWarned(nameof(SignatureFailure.StaleTimestamp));
    }

    [Fact]
    public async Task Ssl_check_gets_a_bare_200()
    {
        using var response = await PostAsync("/slack/commands", "ssl_check=1&token=abc", "application/x-www-form-urlencoded", signature: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(_handler.All);
    }

    [Fact]
    public async Task Block_actions_are_dispatched_and_acknowledged_empty()
    {
        var form = "payload=" + WebUtility.UrlEncode(InteractionPayloadParserTests.BlockActionsJson);

        using var response = await PostSignedAsync("/slack/interactions", form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payload = await _handler.NextAsync<BlockActionsPayload>();
        Assert.Equal("approve", payload.Actions[0].ActionId);
        Assert.Equal("req-42", payload.Actions[0].Value);
    }

    [Fact]
    public async Task Url_verification_echoes_the_challenge()
    {
        using var response = await PostSignedAsync("/slack/events", """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", body.RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task Event_retried_by_slack_is_handled_once()
    {
        const string json = """
            {"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev08MFMKH6","event_time":1700000000,
             "event":{"type":"app_mention","user":"U1","text":"<@B1> status","channel":"C1","ts":"1.2"}}
            """;

        using var first = await PostSignedAsync("/slack/events", json, "application/json");
        using var retry = await PostSignedAsync("/slack/events", json, "application/json", ("X-Slack-Retry-Num", "1"), ("X-Slack-Retry-Reason", "http_timeout"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var handled = Assert.Single(_handler.All);
        var callback = Assert.IsType<SlackEventCallback>(handled);
        Assert.Equal("Ev08MFMKH6", callback.EventId);
        Assert.Equal("app_mention", callback.EventType);
        Assert.Equal("<@B1> status", callback.Event.GetProperty("text").GetString());
        Assert.Equal(1700000000, callback.EventTime);
    }

    [Fact]
    public async Task Event_whose_handler_failed_is_handled_again_on_retry()
    {
        var calls = 0;
        _handler.OnEvent = _ => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("store down") : Task.CompletedTask;
        const string json = """{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}""";

        using var first = await PostSignedAsync("/slack/events", json, "application/json");
        using var retry = await PostSignedAsync("/slack/events", json, "application/json", ("X-Slack-Retry-Num", "1"), ("X-Slack-Retry-Reason", "http_error"));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, calls);
        Assert.Equal(1, Assert.IsType<SlackEventCallback>(_handler.All.Last()).RetryNum);
    }

    private void AssertWarned(string failure) =>
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(SlackInbound).FullName && e.Message.Contains(failure, StringComparison.Ordinal));

    private Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, params (string Name, string Value)[] headers) =>
        PostAsync(path, body, contentType, _signer.Sign(_time.GetUtcNow().ToUnixTimeSeconds(), body), null, headers);

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, string? signature, long? timestamp = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", (timestamp ?? _time.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture));
        if (signature is not null)
        {
            request.Headers.Add("X-Slack-Signature", signature);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await _http.SendAsync(request);
    }
}
