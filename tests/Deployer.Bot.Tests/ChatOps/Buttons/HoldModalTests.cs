using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>Hold… on a blocked decision message: authorized at the click, a valid modal, a validated and re-authorized submission that runs the hold verb.</summary>
public sealed class HoldModalTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;
    private string _value = "";

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.Http);
        Assert.Equal(DecisionKind.Blocked, Assert.Single((await _bot.RunCycleAsync()).Decisions).Kind);
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Ok && c.ThreadTs is null && c.AllText.Contains("`bbbbbbb`"), "the blocked decision message");
        _value = MessageButtons.ValueOf(message, DecisionActions.Hold);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private async Task<OpenedView> OpenAsync(string user = "UOWNER001")
    {
        Assert.Equal(200, await SignedInteractions.ClickAsync(_bot, _slack, user, DecisionActions.Hold, _value, "click", "trig-hold"));
        await Eventually.TrueAsync(() => _slack.OpenedViews.Count > 0, "views.open");
        return Assert.Single(_slack.OpenedViews);
    }

    private Task<(int Status, System.Text.Json.JsonElement Body)> SubmitAsync(string user, string? metadata, string? stage, string? duration, string? reason) =>
        SignedInteractions.SubmitAsync(_bot, user, DecisionModals.HoldCallback, metadata,
            SlackViewField.Selected(DecisionModals.Stage, DecisionModals.Stage, stage),
            SlackViewField.Selected(DecisionModals.Duration, DecisionModals.Duration, duration),
            SlackViewField.Text(DecisionModals.Reason, DecisionModals.Reason, reason));

    [Fact]
    public async Task Hold_opens_a_valid_modal_with_the_trigger_stage_preselected_durations_and_the_pair_in_private_metadata()
    {
        var opened = await OpenAsync();

        Assert.True(opened.Accepted, opened.Problem);
        Assert.Equal("trig-hold", opened.TriggerId);
        Assert.Equal(DecisionModals.HoldCallback, opened.CallbackId);
        Assert.Equal(["stage", "duration", "reason"], ViewJson.InputBlockIds(opened.View));
        var stage = ViewJson.Input(opened.View, "stage");
        Assert.Equal(("static_select", "stage", "production"), (ViewJson.ElementType(stage), ViewJson.ActionId(stage), ViewJson.Initial(stage)));
        Assert.Equal(["production", "all"], ViewJson.Options(stage));
        Assert.Equal(["30m", "1h", "2h", "4h", "until-resumed"], ViewJson.Options(ViewJson.Input(opened.View, "duration")));
        var reason = ViewJson.Input(opened.View, "reason");
        Assert.Equal(("plain_text_input", "reason"), (ViewJson.ElementType(reason), ViewJson.ActionId(reason)));
        var context = ModalContext.Parse(opened.PrivateMetadata)!;
        Assert.Equal(("router", "staging", "production", ChatOpsBot.NewCommit, DecisionKind.Blocked), (context.Service, context.From, context.To, context.Commit, context.Kind));
        Assert.Equal((ChatOpsBot.Channel, "1700000000.000100"), (context.Channel, context.MessageTs));
        Assert.DoesNotContain(_slack.Calls, c => c.Method == "response:click");
    }

    [Fact]
    public async Task Hold_by_someone_who_may_not_is_refused_at_the_click_privately_and_audited_and_no_modal_opens()
    {
        Assert.Equal(200, await SignedInteractions.ClickAsync(_bot, _slack, "UNOBODY01", DecisionActions.Hold, _value, "no", "trig-no"));

        var refused = await _slack.WaitForAsync(c => c.Method == "response:no", "the refusal");
        Assert.Equal("ephemeral", refused.Str("response_type"));
        Assert.Contains("🚫 Not allowed: you may not hold router", refused.AllText);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01" && e.Summary.Contains("hold router production"));
        Assert.Empty(_slack.OpenedViews);
    }

    [Theory]
    [InlineData(null, "reason")]
    [InlineData("   ", "reason")]
    public async Task A_submission_without_a_reason_shows_the_error_under_the_field_and_holds_nothing(string? reason, string block)
    {
        var opened = await OpenAsync();

        var (status, body) = await SubmitAsync("UOWNER001", opened.PrivateMetadata, "production", "1h", reason);

        Assert.Equal(200, status);
        Assert.Equal("errors", body.GetProperty("response_action").GetString());
        Assert.Contains("Say why", body.GetProperty("errors").GetProperty(block).GetString());
        Assert.Empty(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task A_submission_with_a_stage_the_service_does_not_have_shows_the_error_under_the_stage()
    {
        var opened = await OpenAsync();

        var (_, body) = await SubmitAsync("UOWNER001", opened.PrivateMetadata, "moon", "1h", "why not");

        Assert.Contains("Choose one of router's stages", body.GetProperty("errors").GetProperty("stage").GetString());
        Assert.Empty(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task A_valid_submission_closes_the_modal_places_the_hold_audits_it_and_tells_the_presser_in_the_channel()
    {
        var opened = await OpenAsync();

        var (status, body) = await SubmitAsync("UOWNER001", opened.PrivateMetadata, "production", "30m", "  investigating 5xx  ");

        Assert.Equal((200, System.Text.Json.JsonValueKind.Undefined), (status, body.ValueKind));
        var told = await _slack.WaitForAsync(c => c.Method == "chat.postEphemeral", "the private outcome");
        Assert.Equal((ChatOpsBot.Channel, "UOWNER001"), (told.Channel, told.Str("user")));
        Assert.Contains("<@UOWNER001> held *router production*", told.AllText);
        var hold = Assert.Single(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
        Assert.Equal(("production", "UOWNER001", "investigating 5xx", _bot.Time.GetUtcNow().AddMinutes(30)), (hold.Stage, hold.By, hold.Reason, hold.Until));
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Hold && e.Actor == "UOWNER001");
    }

    [Fact]
    public async Task Whole_pipeline_until_resumed_places_an_open_ended_hold_on_the_pipeline()
    {
        var opened = await OpenAsync("UOPS00001");

        await SubmitAsync("UOPS00001", opened.PrivateMetadata, "all", "until-resumed", "freeze for the audit");

        await _slack.WaitForAsync(c => c.Method == "chat.postEphemeral", "the private outcome");
        var hold = Assert.Single(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
        Assert.Equal((null, null), (hold.Stage, hold.Until));
    }

    [Fact]
    public async Task A_submission_by_someone_who_may_not_is_refused_in_the_modal_and_audited()
    {
        var opened = await OpenAsync();

        var (_, body) = await SubmitAsync("UNOBODY01", opened.PrivateMetadata, "production", "1h", "let me");

        Assert.Contains("Not allowed: you may not hold router", body.GetProperty("errors").GetProperty("reason").GetString());
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UNOBODY01");
        Assert.Empty(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task A_submission_whose_metadata_is_not_ours_is_answered_in_the_modal_and_does_nothing()
    {
        var (status, body) = await SubmitAsync("UOWNER001", "{broken", "production", "1h", "x");

        Assert.Equal(200, status);
        Assert.Contains("lost what it was about", body.GetProperty("errors").GetProperty("reason").GetString());
        Assert.Empty(await _bot.Stores.GetActiveAsync("router", _bot.Time.GetUtcNow(), default));
    }
}
