using System.Text.Json;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Audit;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>The whole chat side in Socket Mode: commands and buttons arrive over the fake Slack's WebSocket.</summary>
public sealed class SocketModeTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private FakeSlackServer _slack = null!;
    private ChatOpsBot _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.Groups["S_APPROVERS"] = ["UAPP00001"];
        _bot = await ChatOpsBot.StartAsync(_slack, ChatMode.SocketMode);
        await _slack.WaitForSocketAsync();
        await _bot.RunCycleAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Theory]
    [InlineData("help", "/deployer status [service]")]
    [InlineData("", "/deployer status [service]")]
    [InlineData("status", "*router* blocked")]
    [InlineData("status router", "release-age")]
    [InlineData("hold", "Which service?")]
    [InlineData("force router", "Which stage of router?")]
    public async Task Answers_from_memory_come_in_the_ack(string text, string expected)
    {
        var ack = await _slack.SendEnvelopeAsync("slash_commands", Command("UNOBODY01", text, "x"));

        Assert.Contains(expected, ack.GetRawText().Length > 0 ? JsonSerializer.Serialize(ack, Readable) : "");
    }

    [Theory]
    [InlineData("UAPP00001", "whoami", "*Roles:* Approver")]
    [InlineData("UNOBODY01", "plan", "would do now")]
    [InlineData("UNOBODY01", "history router", "History of router")]
    [InlineData("UOPS00001", "hold router production for 1h socket test", "held *router production*")]
    [InlineData("UOPS00001", "resume router", "Nothing to resume")]
    [InlineData("UREQ00001", "force router production socket hotfix", "requested")]
    [InlineData("UAPP00001", "approve zzzzzz", "No force-promote request `zzzzzz`")]
    [InlineData("UAPP00001", "reject zzzzzz", "No force-promote request `zzzzzz`")]
    public async Task Work_that_calls_out_is_answered_through_the_response_url(string user, string text, string expected)
    {
        var ack = await _slack.SendEnvelopeAsync("slash_commands", Command(user, text, "later"));

        Assert.Equal(JsonValueKind.Undefined, ack.ValueKind);
        Assert.Contains(expected, (await _slack.WaitForAsync(c => c.Method == "response:later", text)).AllText);
    }

    [Fact]
    public async Task A_force_promote_is_approved_by_a_button_over_the_socket()
    {
        await _slack.SendEnvelopeAsync("slash_commands", Command("UREQ00001", "force router production hotfix", "f"));
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request");
        var id = message.Json.GetProperty("blocks").EnumerateArray().Last().GetProperty("elements")[0].GetProperty("value").GetString()!;

        await _slack.SendEnvelopeAsync("interactive", Click("UREQ00001", "force_approve", id, "self"));
        Assert.Contains("your own", (await _slack.WaitForAsync(c => c.Method == "response:self", "self-approval refusal")).AllText);

        await _slack.SendEnvelopeAsync("interactive", Click("UAPP00001", "force_approve", id, "ok"));
        await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("Promoted"), "the promoted request");
        Assert.Equal(ChatOpsBot.NewCommit, _bot.Platform.Current("router-prod")!.Commit);
        Assert.Contains(_bot.Stores.Audit, e => e.Kind == AuditKind.Refusal && e.Actor == "UREQ00001");
    }

    [Fact]
    public async Task Reject_by_button_opens_a_modal_and_its_submission_over_the_socket_closes_the_request()
    {
        await _slack.SendEnvelopeAsync("slash_commands", Command("UREQ00001", "force router production hotfix", "f"));
        var message = await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.AllText.Contains("Force-promote request"), "the request");
        var id = message.Json.GetProperty("blocks").EnumerateArray().Last().GetProperty("elements")[1].GetProperty("value").GetString()!;
        Assert.Contains("Reject…", message.AllText);

        await _slack.SendEnvelopeAsync("interactive", SlackInteractionBodies.Parse(SlackInteractionBodies.BlockActions("UAPP00001", "force_reject", id, ChatOpsBot.Channel, _slack.ResponseUrl("no"), "trig-socket")));
        await Eventually.TrueAsync(() => _slack.OpenedViews.Count > 0, "views.open");
        var opened = Assert.Single(_slack.OpenedViews);
        Assert.Equal("trig-socket", opened.TriggerId);

        var missing = await _slack.SendEnvelopeAsync("interactive", SlackInteractionBodies.Parse(SlackInteractionBodies.ViewSubmission(
            "UAPP00001", opened.CallbackId!, [SlackViewField.Text("reason", "reason", "")], opened.PrivateMetadata)));
        Assert.Equal("errors", missing.GetProperty("response_action").GetString());

        await _slack.SendEnvelopeAsync("interactive", SlackInteractionBodies.Parse(SlackInteractionBodies.ViewSubmission(
            "UAPP00001", opened.CallbackId!, [SlackViewField.Text("reason", "reason", "not during the sale")], opened.PrivateMetadata)));

        await _slack.WaitForAsync(c => c.Method == "chat.update" && c.AllText.Contains("rejected: not during the sale by <@UAPP00001>"), "the rejected request");
        Assert.Equal(ChatOpsBot.OldCommit, _bot.Platform.Current("router-prod")!.Commit);
    }

    private object Command(string user, string text, string response) => new
    {
        command = "/deployer",
        text,
        user_id = user,
        channel_id = "C_ANY",
        team_id = "T1",
        response_url = _slack.ResponseUrl(response),
    };

    private object Click(string user, string action, string value, string response) => new
    {
        type = "block_actions",
        user = new { id = user },
        channel = new { id = ChatOpsBot.Channel },
        response_url = _slack.ResponseUrl(response),
        actions = new[] { new { action_id = action, value, type = "button" } },
    };
}
