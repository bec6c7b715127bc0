using System.Text.Json;
using Deployer.Slack.Inbound;
using Deployer.Slack.Tests.Signing;

namespace Deployer.Slack.Tests.Inbound;

public sealed class SlashCommandParserTests
{
    [Fact]
    public void Parses_slacks_example_form()
    {
        Assert.True(SlashCommandParser.TryParseForm(SlackSigningVectors.Body, out var command));

        Assert.Equal("/webhook-collect", command.Command);
        Assert.Equal("", command.Text);
        Assert.Equal("U2CERLKJA", command.UserId);
        Assert.Equal("G8PSS9T3V", command.ChannelId);
        Assert.Equal("foobar", command.ChannelName);
        Assert.Equal("T1DC2JH3J", command.TeamId);
        Assert.Equal("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN", command.ResponseUrl);
        Assert.Equal("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", command.TriggerId);
        Assert.Equal("roadrunner", command.UserName);
        Assert.False(command.IsEnterpriseInstall);
    }

    [Fact]
    public void Decodes_plus_and_percent_escapes_in_text()
    {
        const string form = "command=%2Fdeploy&text=promote+router+%26+api&user_id=U1&channel_id=C1&team_id=T1&response_url=https%3A%2F%2Fh&api_app_id=A1&is_enterprise_install=true&enterprise_id=E1";

        Assert.True(SlashCommandParser.TryParseForm(form, out var command));

        Assert.Equal("promote router & api", command.Text);
        Assert.Equal("A1", command.ApiAppId);
        Assert.Equal("E1", command.EnterpriseId);
        Assert.True(command.IsEnterpriseInstall);
    }

    [Theory]
    [InlineData("text=x&user_id=U1&channel_id=C1&team_id=T1&response_url=https%3A%2F%2Fh")]
    [InlineData("command=%2Fdeploy&channel_id=C1&team_id=T1&response_url=https%3A%2F%2Fh")]
    [InlineData("command=%2Fdeploy&user_id=U1&channel_id=C1&team_id=T1")]
    [InlineData("")]
    public void Refuses_a_form_missing_required_fields(string form)
    {
        Assert.False(SlashCommandParser.TryParseForm(form, out _));
    }

    [Fact]
    public void Parses_the_socket_mode_json_payload()
    {
        using var json = JsonDocument.Parse("""
            {"token":"x","team_id":"T1","channel_id":"C1","user_id":"U1","command":"/deploy","text":"status",
             "response_url":"https://hooks.slack.com/commands/1","trigger_id":"t1","api_app_id":"A1","is_enterprise_install":"false"}
            """);

        Assert.True(SlashCommandParser.TryParseJson(json.RootElement, out var command));

        Assert.Equal("/deploy", command.Command);
        Assert.Equal("status", command.Text);
        Assert.Equal("t1", command.TriggerId);
    }
}
