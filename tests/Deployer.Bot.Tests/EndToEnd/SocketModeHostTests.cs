using System.Text.Json;

namespace Deployer.Bot.Tests.EndToEnd;

/// <summary>The real host composition in <c>Slack:Mode=SocketMode</c>: it dials the fake Slack's WebSocket itself.</summary>
public sealed class SocketModeHostTests
{
    [Fact]
    public async Task The_host_connects_and_acks_a_slash_command_with_a_payload_on_the_socket()
    {
        await using var host = await SlackHost.StartAsync("SocketMode");

        await host.Slack.WaitForAsync(c => c.Method == "apps.connections.open", "apps.connections.open");
        await host.Slack.WaitForSocketAsync();
        var ack = await host.Slack.SendEnvelopeAsync("slash_commands", new
        {
            command = "/deployer",
            text = "status",
            user_id = SlackHost.Nobody,
            channel_id = "C_ANY",
            team_id = "T1",
            response_url = host.Slack.ResponseUrl("sock"),
        });

        Assert.Equal(JsonValueKind.Object, ack.ValueKind);
        Assert.Equal("ephemeral", ack.GetProperty("response_type").GetString());
        Assert.Contains("demo", SlackHost.Text(ack), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Slack.Calls, c => c.Method == "response:sock");
    }

    [Fact]
    public async Task Healthz_reports_the_socket_mode_link_and_slack_delivery()
    {
        await using var host = await SlackHost.StartAsync("SocketMode");
        await host.Slack.WaitForSocketAsync();

        var health = await Eventually.GetAsync(
            () => Support.ApiJson.GetAsync(host.Bot.Http, "/healthz"),
            h => h.GetProperty("components").GetProperty("socket-mode").GetProperty("detail").GetString()!.StartsWith("connected for ", StringComparison.Ordinal),
            "the socket-mode component connected");

        Assert.Equal("healthy", health.GetProperty("components").GetProperty("socket-mode").GetProperty("status").GetString());
        Assert.True(health.GetProperty("components").TryGetProperty("slack", out _));
    }
}
