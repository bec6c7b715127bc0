using System.Net;
using Deployer.Slack.Inbound;

namespace Deployer.Slack.Tests.Inbound;

public sealed class InteractionPayloadParserTests
{
    public const string BlockActionsJson = """
        {"type":"block_actions","user":{"id":"U1","username":"ada","team_id":"T1"},"api_app_id":"A1","token":"x",
         "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C1","is_ephemeral":false},
         "trigger_id":"123.456.abc","team":{"id":"T1","domain":"acme"},"channel":{"id":"C1","name":"deploys"},
         "response_url":"https://hooks.slack.com/actions/T1/1/abc",
         "actions":[{"action_id":"approve","block_id":"pair:router","text":{"type":"plain_text","text":"Approve"},
                     "value":"req-42","style":"primary","type":"button","action_ts":"1700000001.000200"}]}
        """;

    [Fact]
    public void Parses_a_block_actions_form()
    {
        var form = "payload=" + WebUtility.UrlEncode(BlockActionsJson);

        Assert.True(InteractionPayloadParser.TryParseForm(form, out var payload));

        Assert.Equal("U1", payload.UserId);
        Assert.Equal("ada", payload.UserName);
        Assert.Equal("T1", payload.TeamId);
        Assert.Equal("C1", payload.ChannelId);
        Assert.Equal("1700000000.000100", payload.MessageTs);
        Assert.Equal("https://hooks.slack.com/actions/T1/1/abc", payload.ResponseUrl);
        Assert.Equal("123.456.abc", payload.TriggerId);
        var action = Assert.Single(payload.Actions);
        Assert.Equal(new BlockAction("approve", "pair:router", "req-42", "button", "1700000001.000200"), action);
    }

    [Theory]
    [InlineData("payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D")]
    [InlineData("payload=not-json")]
    [InlineData("other=1")]
    public void Refuses_other_or_broken_payloads(string form)
    {
        Assert.False(InteractionPayloadParser.TryParseForm(form, out _));
    }
}
