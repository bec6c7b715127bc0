using System.Globalization;
using System.Text;
using System.Text.Json;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.Tests.Support;
using Deployer.Slack.Signing;

namespace Deployer.Bot.Tests.EndToEnd;

/// <summary>
/// Issue 15 end to end through the real host composition (Kestrel, Quartz, LiteDB, local platform, Slack Http mode
/// against the fake Slack) with a real Alertmanager: a promotion lands, an alert fires on Alertmanager for that stage,
/// verification fails and holds the stage, the failure message carries a Roll back button, a signed click rolls the
/// targets back to the commit they ran before, and no later cycle promotes the rejected commit again.
/// </summary>
public sealed class VerificationRollbackEndToEndTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>, IAsyncLifetime
{
    private const string Secret = "e2e-verify-secret";
    private const string Operator = "UOPS00001";
    private const string Channel = "C_DEMO";
    private readonly TempDir _dir = new();
    private FakeSlackServer _slack = null!;
    private TestBot _bot = null!;

    private static string Manifest(string alertName) =>
        $$"""
        {
          "service": "demo",
          "slack": { "channel": "{{Channel}}" },
          "platform": { "kind": "local" },
          "verify": { "for": "1h", "onFailure": "hold" },
          "stages": [
            { "name": "staging", "targets": ["demo-staging"] },
            { "name": "production", "targets": ["demo-production"] }
          ],
          "checks": {
            "releaseAge": { "min": "1s" },
            "alerts": [ { "name": "demo is up", "source": "alertmanager", "matchers": ["alertname=\"{{alertName}}\""], "stages": ["production"] } ]
          }
        }
        """;

    // Each test class run gets its own alert name: the Alertmanager fixture is shared by the class's tests.
    private readonly string _alertName = "DemoDown" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        _dir.Write("manifests/demo.json", Manifest(_alertName));
        _slack = await FakeSlackServer.StartAsync();
        _bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?>
        {
            ["Local:WorldFile"] = "",
            ["Alertmanager:Url"] = alertmanager.Url,
            ["Slack:Mode"] = "Http",
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack:PostMessageInterval"] = "00:00:00",
            ["Slack:MaxRetries"] = "0",
            ["ChatOps:OutboxInterval"] = "00:00:00.050",
            ["Authorization:Operators:0"] = Operator,
        });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_alert_on_Alertmanager_fails_verification_and_the_Roll_back_button_returns_production_for_good()
    {
        // 1. The first cycle promotes staging's commit into production; the window opens.
        var verifying = await Eventually.GetAsync(
            () => ApiJson.GetAsync(_bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("pairs")[0].GetProperty("verification") is { ValueKind: JsonValueKind.Object } v && v.Str("state") == "verifying",
            "the promotion into production verifying");
        var promoted = verifying[0].GetProperty("pairs")[0].GetProperty("verification").Str("commit")!;
        var ledger = await ApiJson.GetAsync(_bot.Http, "/api/audit?service=demo&limit=100");
        Assert.Contains(ledger.Items(), e => e.Str("kind") == "PromotionSucceeded");

        // 2. The alert fires on the real Alertmanager.
        await alertmanager.PostAlertsAsync(new
        {
            labels = new Dictionary<string, string> { ["alertname"] = _alertName, ["severity"] = "critical" },
            startsAt = TimeProvider.System.GetUtcNow().AddSeconds(-5),
        });

        // 3. Verification fails: the stage is held by the deployer and the commit is rejected.
        var failed = await Eventually.GetAsync(
            () => ApiJson.GetAsync(_bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("pairs")[0].GetProperty("verification").Str("state") == "failed"
                && p[0].GetProperty("stages")[1].GetProperty("holds").GetArrayLength() > 0,
            "the verification failed and production held");
        var pair = failed[0].GetProperty("pairs")[0];
        Assert.Contains("demo is up: firing", pair.GetProperty("verification").Str("reason"), StringComparison.Ordinal);
        Assert.Equal(promoted, Assert.Single(pair.GetProperty("rejected").Items()).Str("commit"));
        Assert.Equal("deployer", Assert.Single(failed[0].GetProperty("stages")[1].GetProperty("holds").Items()).Str("by"));

        // 4. The failure message in the service channel carries the Roll back button.
        var message = await _slack.WaitForAsync(
            c => c.Method == "chat.postMessage" && c.Channel == Channel && c.Body.Contains(VerificationButton.RollbackAction, StringComparison.Ordinal),
            "the verification failure message with its Roll back button");
        var value = ButtonValue(message.Body, VerificationButton.RollbackAction);

        // 5. An operator clicks it (a signed block_actions interaction).
        Assert.Equal(200, await ClickAsync(Operator, VerificationButton.RollbackAction, value, "rb1"));

        // 6. Production runs the commit it ran before the promotion again; the hold stays.
        var previous = await Eventually.GetAsync(
            () => ApiJson.GetAsync(_bot.Http, "/api/pipelines?service=demo"),
            p => p[0].GetProperty("stages")[1].GetProperty("targets")[0].GetProperty("release").Str("commit") is { } c && c != promoted,
            "production rolled back");
        var before = previous[0].GetProperty("stages")[1].GetProperty("targets")[0].GetProperty("release").Str("commit");
        var audit = await Eventually.GetAsync(
            () => ApiJson.GetAsync(_bot.Http, "/api/audit?service=demo&limit=200"),
            a => a.Items().Any(e => e.Str("kind") == "rolled-back"),
            "the rollback in the audit log");
        Assert.Contains(audit.Items(), e => e.Str("kind") == "rollback-requested" && e.Str("actor") == Operator);

        // 7. Cycles go on, and none promotes the rejected commit into production again.
        var cycles = await CyclesAsync();
        await Eventually.TrueAsync(async () => await CyclesAsync() >= cycles + 5, "five more cycles");
        var after = await ApiJson.GetAsync(_bot.Http, "/api/pipelines?service=demo");
        Assert.Equal(before, after[0].GetProperty("stages")[1].GetProperty("targets")[0].GetProperty("release").Str("commit"));
        var finalAudit = await ApiJson.GetAsync(_bot.Http, "/api/audit?service=demo&limit=200");
        Assert.Single(finalAudit.Items(), e => e.Str("kind") == "PromotionSucceeded");
        Assert.Single(finalAudit.Items(), e => e.Str("kind") == "rolled-back");
    }

    private async Task<long> CyclesAsync()
    {
        using var response = await _bot.Http.GetAsync("/healthz");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("cycles").GetProperty("completed").GetInt64();
    }

    private static string ButtonValue(string body, string actionId)
    {
        using var document = JsonDocument.Parse(body);
        return Find(document.RootElement) ?? throw new InvalidOperationException($"no button {actionId} in {body}");

        string? Find(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    if (e.TryGetProperty("action_id", out var id) && id.GetString() == actionId && e.TryGetProperty("value", out var v))
                    {
                        return v.GetString();
                    }

                    return e.EnumerateObject().Select(p => Find(p.Value)).FirstOrDefault(x => x is not null);
                case JsonValueKind.Array:
                    return e.EnumerateArray().Select(Find).FirstOrDefault(x => x is not null);
                default:
                    return null;
            }
        }
    }

    private async Task<int> ClickAsync(string user, string actionId, string value, string responseId)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = user },
            channel = new { id = Channel },
            container = new { message_ts = "1.1" },
            trigger_id = "trig-" + responseId,
            response_url = _slack.ResponseUrl(responseId),
            actions = new[] { new { action_id = actionId, value, type = "button" } },
        });
        var body = "payload=" + Uri.EscapeDataString(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", new SlackRequestSigner(Secret).Sign(ts, body));
        using var response = await _bot.Http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
