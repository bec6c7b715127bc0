using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Releases;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>Force promote… on a blocked message and Roll back… on a failed promotion, through the signed endpoint against the fake Slack.</summary>
public sealed class ForceAndRollbackModalTests : IAsyncLifetime
{
    private const string NextCommit = "ccccccc3333333333333333333333333333333cc";

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

    private IForceRequestStore Requests => _bot.Services.GetRequiredService<IForceRequestStore>();

    private async Task<string> BlockedForceValueAsync()
    {
        Assert.Equal(DecisionKind.Blocked, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Ok && c.ThreadTs is null && c.AllText.Contains("`bbbbbbb`"), "the blocked message");
        return MessageButtons.ValueOf(message, DecisionActions.Force);
    }

    private async Task<OpenedView> OpenAsync(string user, string action, string value, int count = 1)
    {
        Assert.Equal(200, await SignedInteractions.ClickAsync(_bot, _slack, user, action, value, "click", $"trig-{count}"));
        await Eventually.TrueAsync(() => _slack.OpenedViews.Count >= count, "views.open");
        return _slack.OpenedViews[count - 1];
    }

    [Fact]
    public async Task Force_promote_opens_a_modal_listing_the_checks_it_bypasses_and_the_approvals_it_needs()
    {
        var opened = await OpenAsync("UREQ00001", DecisionActions.Force, await BlockedForceValueAsync());

        Assert.True(opened.Accepted, opened.Problem);
        Assert.Equal(DecisionModals.ForceCallback, opened.CallbackId);
        Assert.Equal(["reason"], ViewJson.InputBlockIds(opened.View));
        var text = ViewJson.Text(opened.View);
        Assert.Contains("❌ *release-age*: release is 10m old, needs 30m", text);
        Assert.Contains("Needs 1 approval(s) from an Approver other than you", text);
        Assert.Equal(("router", "production", ChatOpsBot.NewCommit), (ModalContext.Parse(opened.PrivateMetadata)!.Service, ModalContext.Parse(opened.PrivateMetadata)!.To, ModalContext.Parse(opened.PrivateMetadata)!.Commit));
    }

    [Fact]
    public async Task Force_promote_by_someone_who_is_not_a_force_promoter_is_refused_at_the_click_and_audited()
    {
        var value = await BlockedForceValueAsync();

        await SignedInteractions.ClickAsync(_bot, _slack, "UOWNER001", DecisionActions.Force, value, "no", "trig-no");

        Assert.Contains("you may not force-promote router", (await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal")).AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UOWNER001" && e.Summary.Contains("force router production"));
        Assert.Empty(_slack.OpenedViews);
    }

    [Fact]
    public async Task A_force_submission_requests_the_force_promote_as_the_verb_does_and_tells_the_presser()
    {
        var opened = await OpenAsync("UREQ00001", DecisionActions.Force, await BlockedForceValueAsync());

        var (_, body) = await SignedInteractions.SubmitAsync(_bot, "UREQ00001", DecisionModals.ForceCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, "hotfix for checkout"));

        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, body.ValueKind);
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request in the channel");
        var told = await _slack.WaitForAsync(c => c.Method == "chat.postEphemeral", "the private outcome");
        Assert.Contains("requested; it needs 1 approval(s)", told.AllText);
        var request = Assert.Single(await Requests.GetOpenAsync(default));
        Assert.Equal(("UREQ00001", "hotfix for checkout", ChatOpsBot.NewCommit, ForceRequestStatus.Pending), (request.RequestedBy, request.Reason, request.Commit, request.Status));
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.ForceRequested && e.Actor == "UREQ00001");
    }

    [Fact]
    public async Task A_force_submission_after_the_pair_moved_on_to_another_commit_does_nothing_and_says_so_in_the_modal()
    {
        var opened = await OpenAsync("UREQ00001", DecisionActions.Force, await BlockedForceValueAsync());
        _bot.Platform.Set("router-staging", NextCommit, 3, TimeSpan.FromMinutes(1));
        await _bot.RunCycleAsync();

        var (_, body) = await SignedInteractions.SubmitAsync(_bot, "UREQ00001", DecisionModals.ForceCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, "hotfix"));

        Assert.Contains("moved on from `bbbbbbb` to `ccccccc`", body.GetProperty("errors").GetProperty("reason").GetString());
        Assert.Empty(await Requests.GetOpenAsync(default));
    }

    [Fact]
    public async Task Roll_back_on_a_failed_promotion_opens_a_modal_and_its_submission_runs_the_rollback_verb()
    {
        // New is promoted; then Next's promotion fails: Roll back… returns production to what it ran before New.
        _bot.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(DecisionKind.Promoted, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        _bot.Platform.Set("router-staging", NextCommit, 3, TimeSpan.FromHours(1));
        _bot.Platform.OnPromote = (r, _) => Task.FromResult(PromotionResult.Failure("slug too large", r.Targets));
        Assert.Equal(DecisionKind.Failed, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        var failed = await _slack.WaitForAsync(c => c.Ok && c.ThreadTs is null && c.AllText.Contains("`ccccccc`") && MessageButtons.Of(c).Any(b => b.ActionId == DecisionActions.Rollback), "the failed message");

        await SignedInteractions.ClickAsync(_bot, _slack, "UNOBODY01", DecisionActions.Rollback, MessageButtons.ValueOf(failed, DecisionActions.Rollback), "no", "trig-no");
        Assert.Contains("you may not roll back router", (await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal")).AllText);
        Assert.Empty(_slack.OpenedViews);

        var opened = await OpenAsync("UOWNER001", DecisionActions.Rollback, MessageButtons.ValueOf(failed, DecisionActions.Rollback));
        Assert.True(opened.Accepted, opened.Problem);
        Assert.Equal(DecisionModals.RollbackCallback, opened.CallbackId);
        Assert.Contains("slug too large", ViewJson.Text(opened.View));

        var (_, empty) = await SignedInteractions.SubmitAsync(_bot, "UOWNER001", DecisionModals.RollbackCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, ""));
        Assert.Equal("errors", empty.GetProperty("response_action").GetString());
        Assert.Empty(_bot.Platform.Rollbacks);

        await SignedInteractions.SubmitAsync(_bot, "UOWNER001", DecisionModals.RollbackCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, "next release is broken, go back"));

        var told = await _slack.WaitForAsync(c => c.Method == "chat.postEphemeral", "the private outcome");
        Assert.Contains("Rolled back router production", told.AllText);
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
        var requested = Assert.Single(_bot.Stores.Audit, e => e.Kind == AuditKind.RollbackRequested);
        Assert.Equal("UOWNER001", requested.Actor);
        Assert.Contains("next release is broken", requested.Summary);
    }
}
