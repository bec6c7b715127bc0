using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>A pending force request's Reject…: authorized at the click, a modal asking why, the reject verb on submission.</summary>
public sealed class RejectModalTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.Groups["S_APPROVERS"] = ["UAPP00001"];
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http);
        await _bot.SlashAsync("UREQ00001", "force router production hotfix", "f");
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request");
        var buttons = MessageButtons.Of(message);
        Assert.Equal(["Approve", "Reject…"], buttons.Select(b => b.Label));
        Assert.False(message.Json.GetProperty("blocks").EnumerateArray().Last().GetProperty("elements")[1].TryGetProperty("confirm", out _));
        _id = buttons[1].Value!;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private IForceRequestStore Requests => _bot.Services.GetRequiredService<IForceRequestStore>();

    [Fact]
    public async Task Reject_by_someone_who_is_not_an_approver_is_refused_at_the_click_and_audited()
    {
        await SignedInteractions.ClickAsync(_bot, _slack, "UOWNER001", ForceRequestBlocks.RejectAction, _id, "no", "trig-no");

        var refused = await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal");
        Assert.Contains("you may not reject force-promotes", refused.AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UOWNER001" && e.Summary.Contains($"reject {_id}"));
        Assert.Empty(_slack.OpenedViews);
    }

    [Fact]
    public async Task An_approver_gets_a_modal_asking_why_and_the_submission_rejects_with_that_reason()
    {
        await SignedInteractions.ClickAsync(_bot, _slack, "UAPP00001", ForceRequestBlocks.RejectAction, _id, "r", "trig-r");
        await Eventually.TrueAsync(() => _slack.OpenedViews.Count > 0, "views.open");
        var opened = Assert.Single(_slack.OpenedViews);
        Assert.True(opened.Accepted, opened.Problem);
        Assert.Equal((DecisionModals.RejectCallback, _id), (opened.CallbackId, ModalContext.Parse(opened.PrivateMetadata)!.RequestId));
        Assert.Contains("hotfix", ViewJson.Text(opened.View));

        var (_, empty) = await SignedInteractions.SubmitAsync(_bot, "UAPP00001", DecisionModals.RejectCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, null));
        Assert.Contains("Say why", empty.GetProperty("errors").GetProperty("reason").GetString());
        Assert.Equal(ForceRequestStatus.Pending, (await Requests.GetAsync(_id, default))!.Status);

        var (_, refused) = await SignedInteractions.SubmitAsync(_bot, "UOWNER001", DecisionModals.RejectCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, "no"));
        Assert.Contains("Not allowed", refused.GetProperty("errors").GetProperty("reason").GetString());

        var (_, closed) = await SignedInteractions.SubmitAsync(_bot, "UAPP00001", DecisionModals.RejectCallback, opened.PrivateMetadata,
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, "wait for the migration"));

        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, closed.ValueKind);
        await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("🚫 rejected: wait for the migration by <@UAPP00001>"), "the rejected request message");
        var request = (await Requests.GetAsync(_id, default))!;
        Assert.Equal(ForceRequestStatus.Rejected, request.Status);
        Assert.Contains("wait for the migration", request.Note);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.ForceRejected && e.Actor == "UAPP00001");
        await _slack.WaitForAsync(c => c.Method == "chat.postEphemeral" && c.Str("user") == "UAPP00001", "the private outcome");
    }

    [Fact]
    public async Task The_requester_may_open_reject_to_withdraw_their_own_request()
    {
        await SignedInteractions.ClickAsync(_bot, _slack, "UREQ00001", ForceRequestBlocks.RejectAction, _id, "w", "trig-w");

        await Eventually.TrueAsync(() => _slack.OpenedViews.Count > 0, "views.open");
        Assert.True(Assert.Single(_slack.OpenedViews).Accepted);
    }
}
