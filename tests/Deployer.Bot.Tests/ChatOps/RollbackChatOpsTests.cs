using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>The <c>rollback</c> verb and the verification buttons, in Http mode against a fake Slack on loopback.</summary>
public sealed class RollbackChatOpsTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    /// <summary>Lets the release age past its bake time and runs a cycle: production goes from the old commit to the new.</summary>
    private async Task PromotedAsync()
    {
        _bot.Time.Advance(TimeSpan.FromMinutes(25));
        var report = await _bot.RunCycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(report.Decisions).Kind);
        Assert.Equal(ChatOpsBot.NewCommit, _bot.Platform.Current("router-prod")!.Commit);
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("bbbbbbb") && c.ThreadTs is null, "the decision message");
        _bot.Time.Advance(TimeSpan.FromMinutes(1));
    }

    private static string Value(string service = "router", string stage = "production") =>
        new VerificationButton(service, stage, ChatOpsBot.NewCommit).Value();

    [Fact]
    public async Task Rollback_verb_returns_the_stage_announces_it_in_the_channel_and_the_promotions_thread_and_holds_it()
    {
        await PromotedAsync();

        await _bot.SlashAsync("UOPS00001", "rollback router production 5xx after deploy", "rb1");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:rb1", "the rollback reply");
        Assert.Contains("Rolled back router production from bbbbbbb to aaaaaaa on router-prod", reply.AllText);
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.ThreadTs is null && c.AllText.Contains("Rolled back *router production* to `aaaaaaa`"), "the channel message");
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.ThreadTs is not null && c.AllText.Contains("Rolled back *router production*"), "the reply in the promotion's thread");
        var hold = Assert.Single(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
        Assert.Equal(("production", "UOPS00001"), (hold.Stage, hold.By));
        var done = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.RolledBack);
        Assert.Equal(("UOPS00001", "5xx after deploy", ChatOpsBot.NewCommit, ChatOpsBot.OldCommit), (done.Actor, done.Data["reason"], done.Data["from-commit"], done.Data["to-commit"]));
        Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.RollbackRequested);

        await _bot.RunCycleAsync();
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
        Assert.Single(_bot.Platform.Promotions);

        await _bot.SlashAsync("UOPS00001", "history router 20", "h");
        Assert.Contains("rollback · <@UOPS00001> · rolled back router production", (await _slack.WaitForAsync(c => c.Method == "response:h", "history")).AllText);
    }

    [Fact]
    public async Task Rollback_by_someone_without_the_role_is_refused_and_audited()
    {
        await PromotedAsync();

        await _bot.SlashAsync("UNOBODY01", "rollback router production", "x");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:x", "the refusal");
        Assert.Contains("🚫 Not allowed: you may not roll back router: only Operators and router's owners may", reply.AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01");
        Assert.Empty(_bot.Platform.Rollbacks);
    }

    [Fact]
    public async Task Rollback_with_nothing_recorded_says_what_to_do_by_hand()
    {
        await _bot.SlashAsync("UOWNER001", "rollback router production", "n");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:n", "the refusal");
        Assert.Contains("No completed promotion into router production is recorded", reply.AllText);
        Assert.Contains("by hand", reply.AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Summary.Contains("No completed promotion"));
    }

    [Theory]
    [InlineData("rollback router prod", "router has no stage `prod`. Did you mean `production`?")]
    [InlineData("rollback router", "Which stage of router?")]
    [InlineData("rollback router staging", "first stage")]
    [InlineData("rolback router production", "Did you mean `rollback`?")]
    public async Task Bad_rollback_input_gets_usage_and_a_suggestion(string text, string expected)
    {
        var (_, body) = await _bot.SlashAsync("UOPS00001", text, "bad");

        var all = new SlackCall("ack", "", body).AllText;
        Assert.Contains(expected, all);
        Assert.Contains("rollback <service> <stage> [reason…]", all);
        Assert.Empty(_bot.Platform.Rollbacks);
    }

    [Fact]
    public async Task Help_lists_the_rollback_verb()
    {
        var (_, body) = await _bot.SlashAsync("UNOBODY01", "help", "help");

        Assert.Contains("/deployer rollback <service> <stage> [reason…]", new SlackCall("ack", "", body).AllText);
    }

    [Fact]
    public async Task Roll_back_button_runs_the_verb_for_an_authorized_presser_and_replaces_the_message()
    {
        await PromotedAsync();

        await _bot.ClickAsync("UNOBODY01", VerificationButton.RollbackAction, Value(), "no");
        var refused = await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal");
        Assert.Contains("🚫 Not allowed", refused.AllText);
        Assert.Equal("ephemeral", refused.Str("response_type"));
        Assert.Empty(_bot.Platform.Rollbacks);

        await _bot.ClickAsync("UOWNER001", VerificationButton.RollbackAction, Value(), "yes");
        var replaced = await _slack.WaitForAsync(c => c.Method == "response:yes" && c.Json.TryGetProperty("replace_original", out var r) && r.GetBoolean(), "the replaced message");
        Assert.Contains("rolled back by <@UOWNER001>", replaced.AllText);
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
        var done = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.RolledBack);
        Assert.Contains("Roll back button", done.Data["reason"]);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01");
    }

    [Fact]
    public async Task A_roll_back_button_about_another_commit_than_the_last_promotion_rolls_nothing_back()
    {
        await PromotedAsync();
        var stale = new VerificationButton("router", "production", "ccccccc3333333333333333333333333333333cc").Value();

        await _bot.ClickAsync("UOPS00001", VerificationButton.RollbackAction, stale, "stale");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:stale", "the answer");
        Assert.Contains("This button is about `ccccccc`, but the last promotion into router production is `bbbbbbb`", reply.AllText);
        Assert.Empty(_bot.Platform.Rollbacks);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Summary.Contains("This button is about"));
        Assert.DoesNotContain(_slack.Calls, c => c.Method == "response:stale" && c.Json.TryGetProperty("replace_original", out var r) && r.GetBoolean());
    }

    [Fact]
    public async Task Keep_button_keeps_the_hold_audits_who_and_says_so_in_the_message()
    {
        await PromotedAsync();

        await _bot.ClickAsync("UOPS00001", VerificationButton.KeepAction, Value(), "keep");

        var replaced = await _slack.WaitForAsync(c => c.Method == "response:keep" && c.Json.TryGetProperty("replace_original", out var r) && r.GetBoolean(), "the replaced message");
        Assert.Contains("kept on hold by <@UOPS00001>", replaced.AllText);
        var kept = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.VerificationKept);
        Assert.Equal(("UOPS00001", ChatOpsBot.NewCommit), (kept.Actor, kept.Commit));
        Assert.Empty(_bot.Platform.Rollbacks);
        Assert.DoesNotContain(await _bot.Stores.GetRecentAsync("router", 10, default), i => i.Kind == IntentKind.Rollback);
    }

    [Fact]
    public async Task A_button_with_a_garbled_value_is_answered_and_does_nothing()
    {
        await PromotedAsync();

        Assert.Equal(200, await _bot.ClickAsync("UOPS00001", VerificationButton.RollbackAction, "{not json", "garbled"));

        Assert.Contains("no longer matches", (await _slack.WaitForAsync(c => c.Method == "response:garbled", "the answer")).AllText);
        Assert.Empty(_bot.Platform.Rollbacks);
    }
}
