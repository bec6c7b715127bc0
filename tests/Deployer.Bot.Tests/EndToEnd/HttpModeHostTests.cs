using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.EndToEnd;

/// <summary>The real host composition in <c>Slack:Mode=Http</c>, against the fake Slack on loopback.</summary>
public sealed class HttpModeHostTests
{
    [Fact]
    public async Task Status_is_answered_ephemerally_in_the_acknowledgement()
    {
        await using var host = await SlackHost.StartAsync("Http");
        await WaitForFirstDecisionAsync(host);

        var (status, body) = await host.SlashAsync(SlackHost.Nobody, "status", "s1");

        Assert.Equal(200, status);
        Assert.Equal("ephemeral", body.GetProperty("response_type").GetString());
        Assert.Contains("*demo*", SlackHost.Text(body), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Slack.Calls, c => c.Method == "response:s1");
    }

    [Fact]
    public async Task Unsigned_commands_are_refused_with_401_and_do_nothing()
    {
        await using var host = await SlackHost.StartAsync("Http");

        var (status, _) = await host.SlashAsync(SlackHost.Operator, "hold demo production for 1h unsigned", "u1", sign: false);

        Assert.Equal(401, status);
        var holds = await ApiJson.GetAsync(host.Bot.Http, "/api/audit?service=demo&limit=100");
        Assert.DoesNotContain(holds.Items(), e => e.Str("kind") == "Hold");
        Assert.DoesNotContain(host.Slack.Calls, c => c.Method == "response:u1");
    }

    [Fact]
    public async Task An_operators_hold_is_announced_in_the_service_channel()
    {
        await using var host = await SlackHost.StartAsync("Http");

        var (status, _) = await host.SlashAsync(SlackHost.Operator, "hold demo production for 1h db migration", "h1");

        Assert.Equal(200, status);
        var reply = await host.Slack.WaitForAsync(c => c.Method == "response:h1", "the hold reply");
        Assert.Contains($"<@{SlackHost.Operator}> held *demo production* until", reply.AllText, StringComparison.Ordinal);
        var post = await host.Slack.WaitForAsync(
            c => c.Method == "chat.postMessage" && c.AllText.Contains("held *demo production*", StringComparison.Ordinal), "the hold announcement");
        Assert.Equal(SlackHost.Channel, post.Channel);
        Assert.Contains("db migration", post.AllText, StringComparison.Ordinal);
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(host.Bot.Http, "/api/audit?service=demo&limit=100"),
            a => a.Items().Any(e => e.Str("kind") == "Hold" && e.Str("actor") == SlackHost.Operator),
            "the hold in the audit log");
    }

    [Fact]
    public async Task A_non_operators_hold_is_refused_with_the_reason()
    {
        await using var host = await SlackHost.StartAsync("Http");

        var (status, _) = await host.SlashAsync(SlackHost.Nobody, "hold demo production for 1h not mine", "n1");

        Assert.Equal(200, status);
        var reply = await host.Slack.WaitForAsync(c => c.Method == "response:n1", "the refusal");
        Assert.Contains("🚫 Not allowed: you may not hold demo: only Operators and demo's owners may", reply.AllText, StringComparison.Ordinal);
        Assert.Equal("ephemeral", reply.Str("response_type"));
        await Eventually.GetAsync(
            () => ApiJson.GetAsync(host.Bot.Http, "/api/audit?service=demo&limit=100"),
            a => a.Items().Any(e => e.Str("kind") == "Refusal" && e.Str("actor") == SlackHost.Nobody),
            "the refusal in the audit log");
        Assert.DoesNotContain(host.Slack.Calls, c => c.Method == "chat.postMessage" && c.AllText.Contains("held *demo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_decision_is_posted_to_the_channel_then_updated_and_marked_promoted()
    {
        // An open incident blocks the pair: the scheduled cycle posts the decision through the outbox.
        await using var host = await SlackHost.StartAsync("Http", SlackHost.WorldWithIncident);
        var posted = await host.Slack.WaitForAsync(
            c => c.Method == "chat.postMessage" && c.ThreadTs is null && c.AllText.Contains("*blocked*", StringComparison.Ordinal), "the blocked decision post");
        Assert.Equal(SlackHost.Channel, posted.Channel);
        Assert.Contains("demo* staging → production", posted.AllText, StringComparison.Ordinal);
        Assert.Contains("incident P7", posted.AllText, StringComparison.Ordinal);

        // The incident closes: the next cycles promote, and the same message is updated in place.
        host.Dir.Write("world.json", "{}");
        var promoted = await host.Slack.WaitForAsync(
            c => c.Method == "chat.update" && c.AllText.Contains("*promoted*", StringComparison.Ordinal), "the decision message marked promoted");
        var thread = await host.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.ThreadTs is not null, "the result in the thread");

        Assert.Equal(SlackHost.Channel, promoted.Channel);
        Assert.NotNull(promoted.Ts);
        Assert.Equal(promoted.Ts, thread.ThreadTs);
        Assert.Single(host.Slack.Calls, c => c.Method == "chat.postMessage" && c.ThreadTs is null && c.AllText.Contains("demo* staging → production", StringComparison.Ordinal));
        var audit = await ApiJson.GetAsync(host.Bot.Http, "/api/audit?service=demo&limit=100");
        Assert.Contains(audit.Items(), e => e.Str("kind") == "PromotionSucceeded");
    }

    private static Task<System.Text.Json.JsonElement> WaitForFirstDecisionAsync(SlackHost host) =>
        Eventually.GetAsync(
            () => ApiJson.GetAsync(host.Bot.Http, "/api/pipelines?service=demo"),
            p => p.GetArrayLength() == 1 && p[0].GetProperty("pairs").Items().Any(pair => pair.Str("decision") is not null),
            "the first cycle's decision");
}
