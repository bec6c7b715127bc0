using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>
/// The buttons of decision messages (issue 16) through the real inbound endpoint (signed block_actions) against the
/// fake Slack: each click takes its verb's path, is authorized and audited, and a stale message is refreshed.
/// </summary>
public sealed class DecisionButtonClickTests : IAsyncLifetime
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

    private async Task<SlackCall> BlockedMessageAsync()
    {
        Assert.Equal(DecisionKind.Blocked, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        return await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Ok && c.ThreadTs is null && c.AllText.Contains("`bbbbbbb`"), "the blocked decision message");
    }

    private async Task<SlackCall> HeldMessageAsync()
    {
        await BlockedMessageAsync();
        return await HoldAndCycleAsync();
    }

    private async Task<SlackCall> HoldAndCycleAsync()
    {
        await _bot.SlashAsync("UOPS00001", "hold router production for 2h investigating 5xx", "hold");
        await _slack.WaitForAsync(c => c.Method == "response:hold", "the hold reply");
        Assert.Equal(DecisionKind.Held, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        return await _slack.WaitForAsync(c => c.Method == "chat.update" && c.Ok && MessageButtons.Of(c).Any(b => b.ActionId == DecisionActions.Resume), "the held decision message");
    }

    private async Task<SlackCall> FailedMessageAsync()
    {
        _bot.Platform.OnPromote = (r, _) => Task.FromResult(PromotionResult.Failure("dyno formation rejected", r.Targets));
        _bot.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(DecisionKind.Failed, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        return await _slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Ok && c.ThreadTs is null && MessageButtons.Of(c).Any(b => b.ActionId == DecisionActions.Retry), "the failed decision message");
    }

    [Fact]
    public async Task A_blocked_message_offers_hold_force_and_details_each_naming_the_pair_commit_and_kind()
    {
        var message = await BlockedMessageAsync();

        var buttons = MessageButtons.Of(message);
        Assert.Equal(["Hold…", "Force promote…", "Details"], buttons.Select(b => b.Label));
        Assert.Equal([DecisionActions.Hold, DecisionActions.Force, DecisionActions.Details], buttons.Select(b => b.ActionId));
        var value = DecisionButton.Parse(buttons[0].Value);
        Assert.Equal(new DecisionButton("router", "staging", "production", ChatOpsBot.NewCommit, DecisionKind.Blocked), value);
        Assert.All(buttons, b => Assert.True(b.Value!.Length <= 2000));
    }

    [Fact]
    public async Task Details_answers_only_the_presser_with_every_check_its_reason_and_when_it_is_ready()
    {
        var message = await BlockedMessageAsync();

        Assert.Equal(200, await _bot.ClickAsync("UNOBODY01", DecisionActions.Details, MessageButtons.ValueOf(message, DecisionActions.Details), "details"));

        var reply = await _slack.WaitForAsync(c => c.Method == "response:details", "the details");
        Assert.Equal("ephemeral", reply.Str("response_type"));
        Assert.False(reply.Json.GetProperty("replace_original").GetBoolean());
        Assert.Contains("*release-age*: release is 10m old, needs 30m", reply.AllText);
        Assert.Contains("*incidents*", reply.AllText);
        Assert.Contains("ready at <!date^" + _bot.Time.GetUtcNow().AddMinutes(20).ToUnixTimeSeconds(), reply.AllText);
        Assert.Contains("Ready at", reply.AllText);
    }

    [Fact]
    public async Task Resume_on_a_held_message_is_the_resume_verb_refused_for_others_and_done_for_an_owner()
    {
        var held = await HeldMessageAsync();
        Assert.Equal(["Resume", "Details"], MessageButtons.Of(held).Select(b => b.Label));
        var value = MessageButtons.ValueOf(held, DecisionActions.Resume);

        await _bot.ClickAsync("UNOBODY01", DecisionActions.Resume, value, "no");
        var refused = await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal");
        Assert.Contains("🚫 Not allowed: you may not resume router", refused.AllText);
        Assert.Equal("ephemeral", refused.Str("response_type"));
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01" && e.Summary.Contains("resume router production"));
        Assert.Single(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));

        await _bot.ClickAsync("UOWNER001", DecisionActions.Resume, value, "yes");
        var resumed = await _slack.WaitForAsync(c => c.Method == "response:yes", "the resume reply");
        Assert.Contains("<@UOWNER001> resumed *router production*", resumed.AllText);
        Assert.Empty(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Resume && e.Actor == "UOWNER001");
    }

    [Fact]
    public async Task A_button_on_a_message_that_is_no_longer_current_says_so_does_nothing_and_refreshes_the_message()
    {
        var blocked = await BlockedMessageAsync();
        var stale = MessageButtons.ValueOf(blocked, DecisionActions.Details);
        await HoldAndCycleAsync();
        var audits = _bot.Stores.Audit.Count;

        await _bot.ClickAsync("UOWNER001", DecisionActions.Details, stale, "stale");

        var told = await _slack.WaitForAsync(c => c.Method == "response:stale" && c.Str("response_type") == "ephemeral", "the out-of-date answer");
        Assert.Contains("This message is out of date", told.AllText);
        Assert.Contains("`bbbbbbb` blocked", told.AllText);
        Assert.Contains("is `bbbbbbb` held now", told.AllText);
        var refreshed = await _slack.WaitForAsync(c => c.Method == "response:stale" && c.Json.TryGetProperty("replace_original", out var r) && r.GetBoolean(), "the refreshed message");
        Assert.Contains("*held*", refreshed.AllText);
        Assert.Equal([DecisionActions.Resume, DecisionActions.Details], MessageButtons.Of(refreshed.Json).Select(b => b.ActionId));
        Assert.Equal(audits, _bot.Stores.Audit.Count);
    }

    [Fact]
    public async Task A_failed_promotion_offers_roll_back_retry_and_details_and_is_not_retried_by_the_next_cycle()
    {
        var failed = await FailedMessageAsync();

        Assert.Equal(["Roll back…", "Retry", "Details"], MessageButtons.Of(failed).Select(b => b.Label));
        await _bot.RunCycleAsync();
        Assert.Single(_bot.Platform.Promotions);
    }

    [Fact]
    public async Task Retry_is_refused_and_audited_for_someone_without_the_role()
    {
        var failed = await FailedMessageAsync();
        _bot.Platform.OnPromote = null;

        await _bot.ClickAsync("UNOBODY01", DecisionActions.Retry, MessageButtons.ValueOf(failed, DecisionActions.Retry), "no");

        var refused = await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal");
        Assert.Contains("🚫 Not allowed: you may not retry a promotion of router", refused.AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01" && e.Summary.Contains("retry router"));
        Assert.Single(_bot.Platform.Promotions);
    }

    [Fact]
    public async Task Retry_by_an_owner_promotes_the_same_commit_again_when_every_check_passes_and_the_message_follows()
    {
        var failed = await FailedMessageAsync();
        _bot.Platform.OnPromote = null;

        await _bot.ClickAsync("UOWNER001", DecisionActions.Retry, MessageButtons.ValueOf(failed, DecisionActions.Retry), "retry");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:retry", "the retry reply");
        Assert.Contains("🎉 Retried: `bbbbbbb` is live on router-prod", reply.AllText);
        Assert.Equal(ChatOpsBot.NewCommit, _bot.Platform.Current("router-prod")!.Commit);
        Assert.Equal(2, _bot.Platform.Promotions.Count);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.PromotionSucceeded && e.Actor == "UOWNER001");
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.PromotionStarted && e.Summary.Contains("Retry button pressed by UOWNER001"));
        var promoted = await _slack.WaitForAsync(c => c.Method == "chat.update" && c.Ok && c.AllText.Contains("*promoted*"), "the message marked promoted");
        Assert.Empty(MessageButtons.Of(promoted));
    }

    [Fact]
    public async Task Retry_while_a_check_now_blocks_promotes_nothing_and_says_why()
    {
        var failed = await FailedMessageAsync();
        _bot.Platform.OnPromote = null;
        await _bot.SlashAsync("UOPS00001", "hold router production for 1h db migration", "hold");
        await _slack.WaitForAsync(c => c.Method == "response:hold", "the hold reply");

        await _bot.ClickAsync("UOWNER001", DecisionActions.Retry, MessageButtons.ValueOf(failed, DecisionActions.Retry), "retry");

        var reply = await _slack.WaitForAsync(c => c.Method == "response:retry", "the retry reply");
        Assert.Contains("Not retried", reply.AllText);
        Assert.Contains("held", reply.AllText);
        Assert.Single(_bot.Platform.Promotions);
    }

    [Fact]
    public async Task A_button_value_that_is_not_ours_gets_a_clear_answer_and_no_error()
    {
        await BlockedMessageAsync();

        Assert.Equal(200, await _bot.ClickAsync("UOWNER001", DecisionActions.Details, "{not json", "bad"));

        var reply = await _slack.WaitForAsync(c => c.Method == "response:bad", "the answer");
        Assert.Contains("no longer matches a loaded service and stage", reply.AllText);
    }
}
