using System.Globalization;
using System.Text;
using System.Text.Json;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Bot.Tests.Support;
using Deployer.Slack.Signing;

namespace Deployer.Bot.Tests.EndToEnd;

/// <summary>
/// The real host (<see cref="TestBot"/>: DeployerHost + AddDeployer + MapDeployer, Kestrel on a free loopback port,
/// LiteDB in a temp folder, local platform) pointed at the ChatOps tests' <see cref="FakeSlackServer"/>.
/// </summary>
internal sealed class SlackHost : IAsyncDisposable
{
    public const string Channel = "C_DEMO";
    public const string Secret = "e2e-signing-secret";
    public const string Operator = "UOPS00001";
    public const string Nobody = "UNOBODY01";
    public const string IncidentService = "PDEMO";

    /// <summary>A two-stage local pipeline with a one-second bake time, an incidents gate and a Slack channel.</summary>
    public const string Manifest =
        """
        {
          "service": "demo",
          "slack": { "channel": "C_DEMO" },
          "platform": { "kind": "local" },
          "stages": [
            { "name": "staging", "targets": ["demo-staging"] },
            { "name": "production", "targets": ["demo-production"] }
          ],
          "checks": { "releaseAge": { "min": "1s" }, "incidents": { "services": ["PDEMO"] } }
        }
        """;

    public const string WorldWithIncident =
        """{ "incidents": [ { "id": "P7", "service": "PDEMO", "status": "triggered", "title": "demo 5xx" } ] }""";

    private SlackHost(TempDir dir, FakeSlackServer slack, TestBot bot)
    {
        Dir = dir;
        Slack = slack;
        Bot = bot;
    }

    public TempDir Dir { get; }
    public FakeSlackServer Slack { get; }
    public TestBot Bot { get; }

    /// <summary>Starts the fake Slack, then the real host in <paramref name="mode"/> against it.</summary>
    public static async Task<SlackHost> StartAsync(string mode, string world = "{}")
    {
        var dir = new TempDir();
        dir.Write("manifests/demo.json", Manifest);
        dir.Write("world.json", world);
        var slack = await FakeSlackServer.StartAsync();
        try
        {
            var bot = await TestBot.StartAsync(dir, new Dictionary<string, string?>
            {
                ["Slack:Mode"] = mode,
                ["Slack:BotToken"] = "xoxb-test",
                ["Slack:AppToken"] = "xapp-test",
                ["Slack:SigningSecret"] = Secret,
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
                ["Slack:PostMessageInterval"] = "00:00:00",
                ["Slack:MaxRetries"] = "0",
                ["ChatOps:OutboxInterval"] = "00:00:00.050",
                ["Authorization:Operators:0"] = Operator,
                ["Authorization:ForcePromoters:0"] = Operator,
                ["Authorization:Approvers:0"] = "UAPP00001",
            });
            return new SlackHost(dir, slack, bot);
        }
        catch
        {
            await slack.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>POSTs a slash command to the real host's <c>/slack/commands</c>, signed with the configured secret unless <paramref name="sign"/> is false.</summary>
    public async Task<(int Status, JsonElement Body)> SlashAsync(string user, string text, string responseId, bool sign = true)
    {
        var body = $"command=%2Fdeployer&text={Uri.EscapeDataString(text)}&user_id={user}&channel_id=C_ANY&team_id=T1"
            + $"&response_url={Uri.EscapeDataString(Slack.ResponseUrl(responseId))}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", sign ? new SlackRequestSigner(Secret).Sign(ts, body) : "v0=" + new string('0', 64));
        using var response = await Bot.Http.SendAsync(request);
        var text2 = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text2.TrimStart().StartsWith('{') ? JsonDocument.Parse(text2).RootElement.Clone() : default);
    }

    /// <summary>Every string in a JSON document, joined by new lines (what a person would read).</summary>
    public static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Object => string.Join("\n", e.EnumerateObject().Select(p => Text(p.Value))),
        JsonValueKind.Array => string.Join("\n", e.EnumerateArray().Select(Text)),
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
        Dir.Dispose();
    }
}
