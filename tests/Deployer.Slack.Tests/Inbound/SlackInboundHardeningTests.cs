using System.Globalization;
using System.Net;
using System.Text;
using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.Tests.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Inbound;

/// <summary>Replayed requests, malformed forms and JSON, and a seeded fuzz over the three endpoints, on a real Kestrel host.</summary>
public sealed class SlackInboundHardeningTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(SlackSigningVectors.SentAt);
    private readonly RecordingHandler _handler = new();
    private readonly SlackRequestSigner _signer = new(SlackSigningVectors.Secret);
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

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
    public async Task A_replayed_signed_command_is_refused_and_logged()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        var signature = _signer.Sign(Now, body);

        using var first = await PostAsync("/slack/commands", body, signature, Now);
        _time.Advance(TimeSpan.FromSeconds(3));
        using var replay = await PostAsync("/slack/commands", body, signature, Now - 3);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Single(_handler.All);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("Refused replayed Slack request to /slack/commands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replayed_signed_interaction_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"approve","value":"r1"}]}"""));
        var signature = _signer.Sign(Now, body);

        using var first = await PostAsync("/slack/interactions", body, signature, Now);
        using var replay = await PostAsync("/slack/interactions", body, signature, Now);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task The_same_command_signed_again_later_is_accepted()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        using var first = await PostAsync("/slack/commands", body, _signer.Sign(Now, body), Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        using var second = await PostAsync("/slack/commands", body, _signer.Sign(Now, body), Now);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, _handler.All.Count);
    }

    [Theory]
    [InlineData("many fields")]
    [InlineData("long key")]
    [InlineData("long value")]
    public async Task A_signed_malformed_command_form_answers_400(string shape)
    {
        var text = shape switch
        {
            "many fields" => string.Join('&', Enumerable.Range(0, 20_000).Select(i => $"f{i}=x")),
            "long key" => SlackSigningVectors.Body + "&" + new string('k', 3000) + "=v",
            _ => SlackSigningVectors.Body + "&text2=" + new string('v', 5000),
        };
        var body = Encoding.UTF8.GetBytes(text);

        using var response = await PostAsync("/slack/commands", body, _signer.Sign(Now, body), Now);

        Assert.Equal(shape == "long value" ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_ssl_check_with_a_huge_form_is_refused_unparsed()
    {
        var body = Encoding.UTF8.GetBytes("ssl_check=1&" + string.Join('&', Enumerable.Range(0, 20_000).Select(i => $"f{i}=x")));

        using var response = await PostAsync("/slack/commands", body, "v0=00", Now);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_small_ssl_check_is_answered()
    {
        var body = Encoding.UTF8.GetBytes("ssl_check=1&token=x");
        using var response = await PostAsync("/slack/commands", body, "", Now);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/slack/interactions")]
    [InlineData("/slack/events")]
    public async Task Json_with_a_lone_surrogate_answers_400(string path)
    {
        const string json = """{"type":"block_actions","event_id":"Ev1","user":{"id":"\ud800"},"event":{"type":"\ud800"},"actions":[{"action_id":"\ud800","value":"\udfff"}]}""";
        var text = path.EndsWith("interactions", StringComparison.Ordinal) ? "payload=" + Uri.EscapeDataString(json) : json.Replace("block_actions", "event_callback", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text);

        using var response = await PostAsync(path, body, _signer.Sign(Now, body), Now);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Seeded_fuzz_over_the_three_endpoints_never_answers_5xx()
    {
        var random = new Random(1313);
        string[] paths = ["/slack/commands", "/slack/interactions", "/slack/events"];
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 600; i++)
        {
            var path = paths[i % 3];
            var body = FuzzBody(random, path);
            var signed = random.Next(3) != 0;
            _time.Advance(TimeSpan.FromMilliseconds(1100));
            using var response = await PostAsync(path, body, signed ? _signer.Sign(Now, body) : "v0=" + Convert.ToHexStringLower(body.AsSpan(0, Math.Min(8, body.Length))), Now);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"#{i} {path} answered {status} for {string.Concat(Encoding.UTF8.GetString(body).Take(200))}");
        }

        Assert.True(statuses.Keys.Count >= 3, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    private static byte[] FuzzBody(Random random, string path)
    {
        switch (random.Next(6))
        {
            case 0:
                var bytes = new byte[random.Next(0, 3000)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, random.Next(1, 3000)).Select(i => $"{Word(random, 1, 12)}={Word(random, 0, 40)}")));
            case 2:
                return Encoding.UTF8.GetBytes($"{Word(random, 2000, 4000)}={Word(random, 0, 5000)}&command=/deployer&user_id=U1");
            case 3:
                return Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString($$"""{"type":"block_actions","user":{"id":"{{Surrogates(random)}}"},"actions":[{"action_id":"{{Surrogates(random)}}"}]}"""));
            case 4:
                var type = random.Next(2) == 0 ? "event_callback" : "url_verification";
                return Encoding.UTF8.GetBytes($$$"""{"type":"{{{type}}}","challenge":"{{{Surrogates(random)}}}","event_id":"{{{Surrogates(random)}}}","event":{"type":{{{random.Next()}}}}}""");
            default:
                return Encoding.UTF8.GetBytes(path.EndsWith("commands", StringComparison.Ordinal)
                    ? $"command=%2Fdeployer&text={Uri.EscapeDataString(Word(random, 0, 200))}&user_id=U{random.Next()}&channel_id=C1&team_id=T1&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr"
                    : "payload=" + Word(random, 0, 100));
        }
    }

    private static string Word(Random random, int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }

    private static string Surrogates(Random random) => random.Next(3) switch
    {
        0 => "\\ud800",
        1 => "\\udfff\\ud800x",
        _ => "\\u0000" + Word(random, 0, 5).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal),
    };

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string signature, long timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", path.EndsWith("events", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (signature.Length > 0)
        {
            request.Headers.Add("X-Slack-Signature", signature);
        }

        return await _http.SendAsync(request);
    }
}
