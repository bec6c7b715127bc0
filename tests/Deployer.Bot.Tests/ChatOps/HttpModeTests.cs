using System.Text.Json;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>The whole chat side in Http mode against a fake Slack on loopback.</summary>
public sealed class HttpModeTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.Groups["S_APPROVERS"] = ["UAPP00001", "UAPP00002"];
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Help_status_and_mistakes_are_answered_in_the_acknowledgement()
    {
        await _bot.RunCycleAsync();

        var help = await _bot.SlashAsync("UNOBODY01", "help", "r1");
        var overview = await _bot.SlashAsync("UNOBODY01", "status", "r2");
        var status = await _bot.SlashAsync("UNOBODY01", "status router", "r3");
        var unknown = await _bot.SlashAsync("UNOBODY01", "deploy router", "r4");
        var noService = await _bot.SlashAsync("UNOBODY01", "status nope", "r5");

        Assert.Equal("ephemeral", help.Body.GetProperty("response_type").GetString());
        Assert.Contains("/deployer hold <service> <stage|all> [for <duration>] <reason…>", Text(help.Body));
        Assert.Contains("⛔ *router* blocked", Text(overview.Body));
        Assert.Contains("router-prod v1 `aaaaaaa` 2d old", Text(status.Body));
        Assert.Contains("router-staging v2 `bbbbbbb` 10m old", Text(status.Body));
        Assert.Contains("❌ *release-age*: release is 10m old, needs 30m", Text(status.Body));
        Assert.Contains("✅ *incidents*", Text(status.Body));
        Assert.Contains("Unknown command `deploy`. Commands:", Text(unknown.Body));
        Assert.Contains("No service `nope`. Known: router.", Text(noService.Body));
        Assert.DoesNotContain(_slack.Calls, c => c.Method.StartsWith("response:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsigned_requests_are_refused()
    {
        var (status, _) = await _bot.SlashAsync("UOPS00001", "hold router production oops", "r1", sign: false);

        Assert.Equal(401, status);
        Assert.Empty(await _bot.Stores.GetActiveAsync(null, _bot.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task Hold_is_announced_in_the_channel_and_resume_lifts_it()
    {
        var ack = await _bot.SlashAsync("UOPS00001", "hold router production for 2h db migration", "h1");
        Assert.Equal(200, ack.Status);

        var reply = await _slack.WaitForAsync(c => c.Method == "response:h1", "the hold reply");
        var post = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("held *router production*"), "the hold announcement");
        Assert.Contains("<@UOPS00001> held *router production* until", reply.AllText);
        Assert.Equal(ChatOpsBot.Channel, post.Channel);
        await _bot.RunCycleAsync();
        Assert.Contains("✋ *router* held", Text((await _bot.SlashAsync("UX0000001", "status", "s")).Body));

        await _bot.SlashAsync("UOPS00001", "resume router production", "h2");
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("resumed *router production*"), "the resume announcement");
        Assert.Empty(await _bot.Stores.GetActiveAsync(null, _bot.Time.GetUtcNow(), default));
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Hold && e.Actor == "UOPS00001");
    }

    [Fact]
    public async Task Owners_may_hold_their_own_service()
    {
        await _bot.SlashAsync("UOWNER001", "hold router all owner says wait", "o1");

        Assert.Contains("held *router (whole pipeline)*", (await _slack.WaitForAsync(c => c.Method == "response:o1", "the reply")).AllText);
    }

    [Theory]
    [InlineData("hold router production db", "you may not hold router: only Operators and router's owners may")]
    [InlineData("resume router", "you may not resume router")]
    [InlineData("force router production hotfix", "you may not force-promote router: only ForcePromoters may")]
    [InlineData("approve abcdef", "you may not approve force-promotes: only Approvers may")]
    [InlineData("reject abcdef", "you may not reject force-promotes")]
    public async Task Refusals_say_why_and_are_audited(string text, string why)
    {
        await _bot.SlashAsync("UNOBODY01", text, "x");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:x", "the refusal");
        Assert.Contains($"🚫 Not allowed: {why}", reply.AllText);
        Assert.Equal("ephemeral", reply.Str("response_type"));
        var entry = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal);
        Assert.Equal("UNOBODY01", entry.Actor);
        Assert.Contains(why, entry.Summary);
    }

    [Fact]
    public async Task Force_promote_approved_by_button_promotes_at_once()
    {
        await _bot.RunCycleAsync();
        await _bot.SlashAsync("UREQ00001", "force router production hotfix INC-42", "f1");
        var requested = await _slack.WaitForAsync(c => c.Method == "response:f1", "the force reply");
        Assert.Contains("requested", requested.AllText);
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request message");
        Assert.Contains("release-age: release is 10m old, needs 30m", message.AllText);
        Assert.Contains("hotfix INC-42", message.AllText);
        var id = ButtonValue(message, "force_approve");

        await _bot.ClickAsync("UREQ00001", "force_approve", id, "self");
        Assert.Contains("your own", (await _slack.WaitForAsync(c => c.Method == "response:self", "the self-approval refusal")).AllText);
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);

        await _bot.ClickAsync("UAPP00001", "force_approve", id, "ok");
        await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("Promoted: forced by <@UREQ00001>"), "the request marked promoted");
        Assert.Equal(ChatOpsBot.NewCommit, _bot.Platform.Current("router-prod")!.Commit);
        var decision = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("*promoted*"), "the decision message marked promoted");
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.ThreadTs is not null && c.AllText.Contains("is live on router-prod"), "the result in the thread");
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.ForceApproved && e.Actor == "UAPP00001" && e.Data["failingAtApproval"].Contains("release-age"));
        Assert.Equal(ChatOpsBot.Channel, decision.Channel);

        await _bot.ClickAsync("UAPP00001", "force_approve", id, "again");
        Assert.Contains("already promoted", (await _slack.WaitForAsync(c => c.Method == "response:again", "the double click reply")).AllText);
    }

    [Fact]
    public async Task Break_glass_during_an_incident_needs_no_approval()
    {
        _bot.Incidents.Open.Enqueue(new Incident("P42", "PD-ROUTER", "triggered", "router 5xx"));
        await _bot.RunCycleAsync();

        await _bot.SlashAsync("UREQ00001", "force router production fix for P42", "bg");

        await _slack.WaitForAsync(c => c.Method.StartsWith("chat.", StringComparison.Ordinal) && c.AllText.Contains("Break-glass force-promote") && c.AllText.Contains("Promoted"), "the break-glass message");
        Assert.Equal(ChatOpsBot.NewCommit, _bot.Platform.Current("router-prod")!.Commit);
        var entry = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.BreakGlass);
        Assert.Contains("P42 router 5xx", entry.Summary);
    }

    [Fact]
    public async Task A_request_nobody_approves_expires()
    {
        await _bot.RunCycleAsync();
        await _bot.SlashAsync("UREQ00001", "force router production hotfix", "e1");
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request message");

        _bot.Time.Advance(TimeSpan.FromMinutes(31));

        var expired = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("Expired: no decision within 30m"), "the expiry");
        Assert.Equal(message.Channel, expired.Channel);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.ForceExpired);
        Assert.DoesNotContain("force_approve", expired.Body);
    }

    [Fact]
    public async Task Hold_with_expiry_lifts_itself_and_is_announced()
    {
        await _bot.SlashAsync("UOPS00001", "hold router production for 30m deploy freeze", "h");
        await _slack.WaitForAsync(c => c.Method == "response:h", "the hold reply");
        _bot.Time.Advance(TimeSpan.FromMinutes(31));

        // What the host's hold-expiry job does on its schedule: the store queues each expiry's announcement, then it is published.
        foreach (var expired in await _bot.Services.GetRequiredService<IHoldStore>().RemoveExpiredAsync(_bot.Time.GetUtcNow(), default))
        {
            await _bot.Services.GetRequiredService<IEventPublisher>().PublishAsync(expired, default);
        }

        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("by <@UOPS00001> expired and was lifted"), "the expiry announcement");
        Assert.DoesNotContain("held", Text((await _bot.SlashAsync("UX0000001", "status", "s")).Body));
    }

    [Fact]
    public async Task A_decision_message_is_posted_updated_and_marked_promoted()
    {
        _bot.Incidents.Open.Enqueue(new Incident("P1", "PD-ROUTER", "triggered", "router 5xx"));
        await _bot.RunCycleAsync();
        var posted = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("*blocked*"), "the decision post");
        Assert.Contains("❌ *incidents*: incident P1", posted.AllText);
        // One time per check: the reason's own "ready at", no second "may clear" beside it.
        Assert.Contains("(ready at ", posted.AllText);
        Assert.DoesNotContain("may clear", posted.AllText);

        _bot.Incidents.Open.Clear();
        await _bot.RunCycleAsync();
        var ts = (await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("*blocked*") && c.Ok, "the post's ts")).Json;
        var updated = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("✅ *incidents*"), "the update");

        _bot.Time.Advance(TimeSpan.FromMinutes(25));
        await _bot.RunCycleAsync();
        var promoted = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("*promoted*") && c.AllText.Contains("automatic"), "promoted");
        var thread = await _slack.WaitForAsync(c => c.ThreadTs is not null, "the thread reply");

        Assert.Equal(updated.Ts, promoted.Ts);
        Assert.Equal(updated.Ts, thread.ThreadTs);
        Assert.Single(_slack.Calls, c => c.Method == "chat.postMessage" && c.ThreadTs is null && c.AllText.Contains("router* staging → production"));
        Assert.NotEqual(JsonValueKind.Undefined, ts.ValueKind);
    }

    [Fact]
    public async Task A_Slack_outage_delays_messages_and_loses_none()
    {
        var failures = 0;
        _slack.Failure = method => method.StartsWith("chat.", StringComparison.Ordinal) ? (Interlocked.Increment(ref failures) == 1 ? 429 : 500) : null;
        var outbox = _bot.Services.GetRequiredService<IOutboxStore>();
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();

        await _bot.SlashAsync("UOPS00001", "hold router production outage test", "a");
        await _bot.RunCycleAsync();
        await _bot.SlashAsync("UOPS00001", "resume router production", "b");
        await _slack.WaitForAsync(c => c.Method == "response:b", "the resume reply");
        await _slack.WaitForAsync(c => c.Failed == 429, "a rate-limited call");
        await PassAsync(dispatcher); // the channel is held for Slack's Retry-After (1 s), then tried again
        await _slack.WaitForAsync(c => c.Failed == 500, "a server error");
        Assert.Equal(3, outbox.Depth);

        _slack.Failure = _ => null;
        for (var i = 0; i < 20 && outbox.Depth > 0; i++)
        {
            // Past the circuit breaker's pause; the dispatcher is what the outbox job runs.
            _bot.Time.Advance(TimeSpan.FromMinutes(1));
            await PassAsync(dispatcher);
        }

        var delivered = _slack.Calls.Where(c => c.Ok && c.Method == "chat.postMessage").Select(c => c.AllText).ToList();
        Assert.Equal(3, delivered.Count);
        Assert.True(delivered[0].Contains("held *router production*"), string.Join("\n---\n", delivered));
        Assert.Contains("resumed *router production*", delivered[^1]);
        Assert.Equal(0, outbox.Depth);
    }

    [Fact]
    public async Task Whoami_history_and_plan_answer_through_the_response_url()
    {
        await _bot.RunCycleAsync();
        await _bot.SlashAsync("UAPP00001", "whoami", "w");
        await _bot.SlashAsync("UNOBODY01", "history router 5", "hi");
        await _bot.SlashAsync("UNOBODY01", "plan router", "p");

        Assert.Contains("*Roles:* Approver", (await _slack.WaitForAsync(c => c.Method == "response:w", "whoami")).AllText);
        Assert.Contains("decision", (await _slack.WaitForAsync(c => c.Method == "response:hi", "history")).AllText);
        Assert.Contains("blocked by release-age", (await _slack.WaitForAsync(c => c.Method == "response:p", "plan")).AllText);
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
    }

    /// <summary>One outbox pass, moving the fake clock while it waits (a channel held for a Retry-After).</summary>
    private async Task PassAsync(OutboxDispatcher dispatcher)
    {
        var pass = dispatcher.DispatchAsync(default);
        for (var i = 0; i < 1_000 && !pass.IsCompleted; i++)
        {
            await Task.Delay(5);
            _bot.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await pass;
    }

    private static string Text(JsonElement body) => body.GetRawText().Length == 0 ? "" : string.Join("\n", Strings(body));

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static string ButtonValue(SlackCall call, string actionId) =>
        call.Json.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Single(e => e.GetProperty("action_id").GetString() == actionId)
            .GetProperty("value").GetString()!;
}
