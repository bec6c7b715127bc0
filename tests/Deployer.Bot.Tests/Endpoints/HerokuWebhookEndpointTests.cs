using System.Net;
using System.Text;
using Deployer.Bot.Tests.Support;
using Deployer.Integrations.Heroku;

namespace Deployer.Bot.Tests.Endpoints;

/// <summary>Heroku app webhooks through the real host: verified, answered at once, and the pipeline evaluated alone.</summary>
public sealed class HerokuWebhookEndpointTests
{
    private const string Secret = "hook-secret";
    private const string Old = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string New = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static string Manifest(string service) => $$"""
        {
          "service": "{{service}}",
          "platform": { "kind": "heroku", "pipeline": "{{MiniHeroku.Pipeline}}" },
          "stages": [
            { "name": "staging", "targets": ["{{service}}-staging"] },
            { "name": "production", "targets": ["{{service}}-prod"] }
          ]
        }
        """;

    private static string Delivery(string id, string release) =>
        "{\"id\":\"evt-" + id + "\",\"resource\":\"release\",\"action\":\"create\",\"published_at\":\"2024-05-01T10:00:00Z\",\"data\":" + release
        + ",\"webhook_metadata\":{\"delivery\":{\"id\":\"" + id + "\"},\"event\":{\"id\":\"e\",\"include\":\"api:release\"}}}";

    private static StringContent Signed(string body, string secret = Secret)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add(HerokuWebhookReceiver.SignatureHeader, HerokuWebhookReceiver.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return content;
    }

    [Fact]
    public async Task A_signed_release_delivery_promotes_its_pipeline_at_once_without_a_cycle_and_refuses_forgeries()
    {
        using var root = new TempDir();
        root.Write("manifests/router.json", Manifest("router"));
        root.Write("manifests/billing.json", Manifest("billing"));
        await using var heroku = await MiniHeroku.StartAsync();
        foreach (var service in new[] { "router", "billing" })
        {
            heroku.Set($"{service}-staging", Old, 5);
            heroku.Set($"{service}-prod", Old, 3);
        }

        await using var bot = await TestBot.StartAsync(root, new Dictionary<string, string?>
        {
            ["Engine:Interval"] = "01:00:00", // one cycle at start, then only the webhook can make anything happen
            ["Heroku:ApiToken"] = "t0ken",
            ["Heroku:ApiBaseUrl"] = heroku.Url,
            ["Heroku:WebhookSecret"] = Secret,
            ["Heroku:PollInterval"] = "00:00:00.050",
        });
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(bot.Http, "/api/pipelines"),
            p => p.Items().Where(s => s.Str("platform") == "heroku").All(s => s.GetProperty("pairs")[0].Str("decision") == "InSync")
                && p.Items().Count(s => s.Str("platform") == "heroku") == 2,
            "the first cycle to see both pipelines in sync");

        heroku.Set("router-staging", New, 6);
        var readsBefore = heroku.Calls.Count(c => c.EndsWith("/latest-releases", StringComparison.Ordinal));

        using (var forged = await bot.Http.PostAsync("/heroku/webhooks", Signed(Delivery("d-0", heroku.Release("router-staging")), "wrong")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var unsigned = await bot.Http.PostAsync("/heroku/webhooks", new StringContent(Delivery("d-0", heroku.Release("router-staging")))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        var delivery = Delivery("d-1", heroku.Release("router-staging"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var accepted = await bot.Http.PostAsync("/heroku/webhooks", Signed(delivery)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"answered in {clock.Elapsed}");
        }

        await Eventually.TrueAsync(() => heroku.Commit("router-prod") == New, "router promoted after the webhook", TimeSpan.FromSeconds(15));

        using (var replayed = await bot.Http.PostAsync("/heroku/webhooks", Signed(delivery)))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        }

        // The dirty pipeline was evaluated alone, from the delivery: no pipeline read, billing untouched.
        Assert.Equal(readsBefore, heroku.Calls.Count(c => c.EndsWith("/latest-releases", StringComparison.Ordinal)));
        Assert.Equal(1, heroku.Calls.Count(c => c == "POST /pipeline-promotions"));
        Assert.Equal(Old, heroku.Commit("billing-prod"));
    }
}
