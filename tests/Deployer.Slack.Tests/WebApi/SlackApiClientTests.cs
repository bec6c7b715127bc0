using System.Net;
using System.Text.Json;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Tests.WebApi;

public sealed class SlackApiClientTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;

    private ISlackApiClient Client => _services.GetRequiredService<ISlackApiClient>();

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        // Retries are off here: these tests are about the wire format and the typed failures; SlackResilienceTests
        // covers retries, Retry-After, the circuit breaker and timeouts on a fake clock.
        _services = TestServices.Build(_slack, o => o.MaxRetries = 0);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Post_message_sends_json_with_bearer_token_and_returns_channel_and_ts()
    {
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C123","ts":"1700000000.000100","message":{}}""");
        var message = new SlackMessage("fallback text", [new HeaderBlock("Deploy"), new DividerBlock()]);

        var posted = await Client.PostMessageAsync("C123", message, threadTs: "1699999999.000001");

        Assert.Equal(new SlackMessageRef("C123", "1700000000.000100"), posted);
        var request = await _slack.NextRequestAsync();
        Assert.Equal("chat.postMessage", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("Bearer " + TestServices.BotToken, request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("C123", body.RootElement.GetProperty("channel").GetString());
        Assert.Equal("fallback text", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("1699999999.000001", body.RootElement.GetProperty("thread_ts").GetString());
        Assert.Equal("header", body.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("divider", body.RootElement.GetProperty("blocks")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Update_and_ephemeral_send_their_fields_as_json()
    {
        _slack.Enqueue("chat.update", """{"ok":true,"channel":"C1","ts":"1.2","text":"x"}""");
        _slack.Enqueue("chat.postEphemeral", """{"ok":true,"message_ts":"3.4"}""");

        var updated = await Client.UpdateMessageAsync("C1", "1.2", new SlackMessage("new text"));
        var ephemeralTs = await Client.PostEphemeralAsync("C1", "U9", new SlackMessage("only you"));

        Assert.Equal(new SlackMessageRef("C1", "1.2"), updated);
        Assert.Equal("3.4", ephemeralTs);
        var update = await _slack.NextRequestAsync();
        Assert.Equal("application/json; charset=utf-8", update.ContentType);
        Assert.Contains("\"ts\":\"1.2\"", update.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("blocks", update.Body, StringComparison.Ordinal);
        var ephemeral = await _slack.NextRequestAsync();
        Assert.Contains("\"user\":\"U9\"", ephemeral.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_info_sends_form_fields_and_reads_the_profile()
    {
        _slack.Enqueue("users.info", """
            {"ok":true,"user":{"id":"U1","team_id":"T1","name":"ada","deleted":false,"is_bot":false,
             "real_name":"Ada Lovelace","profile":{"display_name":"ada.l","email":"ada@example.com"}}}
            """);

        var user = await Client.GetUserAsync("U1");

        Assert.Equal("ada", user.Name);
        Assert.Equal("Ada Lovelace", user.RealName);
        Assert.Equal("ada.l", user.DisplayName);
        Assert.Equal("ada@example.com", user.Email);
        Assert.Equal("T1", user.TeamId);
        var request = await _slack.NextRequestAsync();
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("user=U1", request.Body);
        Assert.Equal("Bearer " + TestServices.BotToken, request.Authorization);
    }

    [Fact]
    public async Task Usergroup_members_and_conversation_info_are_read_with_forms()
    {
        _slack.Enqueue("usergroups.users.list", """{"ok":true,"users":["U1","U2"]}""");
        _slack.Enqueue("conversations.info", """{"ok":true,"channel":{"id":"C1","name":"deploys","is_private":true,"is_member":true}}""");

        var members = await Client.GetUserGroupMembersAsync("S1");
        var channel = await Client.GetConversationAsync("C1");

        Assert.Equal(["U1", "U2"], members);
        Assert.Equal("deploys", channel.Name);
        Assert.True(channel.IsPrivate);
        Assert.True(channel.IsMember);
        Assert.False(channel.IsArchived);
        Assert.Equal("usergroup=S1", (await _slack.NextRequestAsync()).Body);
        var conversation = await _slack.NextRequestAsync();
        Assert.Equal("channel=C1", conversation.Body);
        Assert.Equal("application/x-www-form-urlencoded", conversation.ContentType);
    }

    [Fact]
    public async Task Usergroups_list_reads_ids_handles_and_names_with_the_bot_token()
    {
        _slack.Enqueue("usergroups.list", """
            {"ok":true,"usergroups":[
              {"id":"S0614TZR7","team_id":"T060RNRCH","is_usergroup":true,"name":"Team Admins","description":"All admins.",
               "handle":"admins","is_external":false,"date_create":1446598059,"date_update":1446670362,"date_delete":0,
               "auto_type":"admin","created_by":"USLACKBOT","updated_by":"U060RNRCZ","deleted_by":null,
               "prefs":{"channels":[],"groups":[]},"user_count":"2"},
              {"id":"S06158AV7","name":"Release Managers","handle":"release-managers","user_count":"5"},
              {"name":"no id, skipped","handle":"broken"}]}
            """);

        var groups = await Client.ListUserGroupsAsync();

        Assert.Equal([new SlackUserGroup("S0614TZR7", "admins", "Team Admins"), new SlackUserGroup("S06158AV7", "release-managers", "Release Managers")], groups);
        var request = await _slack.NextRequestAsync();
        Assert.Equal("usergroups.list", request.Method);
        Assert.Equal("Bearer " + TestServices.BotToken, request.Authorization);
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task Usergroups_list_without_the_scope_is_a_typed_failure()
    {
        _slack.Enqueue("usergroups.list", """{"ok":false,"error":"missing_scope","needed":"usergroups:read","provided":"chat:write"}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => Client.ListUserGroupsAsync());

        Assert.Equal("missing_scope", ex.Error);
        Assert.Equal("usergroups.list", ex.Method);
    }

    [Fact]
    public async Task Ok_false_surfaces_the_error_as_a_typed_failure()
    {
        _slack.Enqueue("chat.postMessage", """{"ok":false,"error":"channel_not_found"}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => Client.PostMessageAsync("C404", new SlackMessage("hi")));

        Assert.Equal("channel_not_found", ex.Error);
        Assert.Equal("chat.postMessage", ex.Method);
    }

    [Fact]
    public async Task Warnings_do_not_fail_the_call()
    {
        _slack.Enqueue("chat.update", """{"ok":true,"channel":"C1","ts":"1.2","warning":"superfluous_charset","response_metadata":{"warnings":["superfluous_charset"]}}""");

        var updated = await Client.UpdateMessageAsync("C1", "1.2", new SlackMessage("x"));

        Assert.Equal("1.2", updated.Ts);
    }

    [Fact]
    public async Task Server_error_is_a_transient_failure()
    {
        _slack.Enqueue("chat.postMessage", new FakeResponse(503, "upstream unavailable"));

        var ex = await Assert.ThrowsAsync<SlackTransientException>(() => Client.PostMessageAsync("C1", new SlackMessage("hi")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Unreachable_slack_is_a_transient_failure()
    {
        await using var services = TestServices.Build(null, o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<SlackTransientException>(() => services.GetRequiredService<ISlackApiClient>().GetUserAsync("U1"));
    }

    [Fact]
    public async Task Apps_connections_open_uses_the_app_token()
    {
        _slack.Enqueue("apps.connections.open", """{"ok":true,"url":"wss://wss-primary.slack.com/link/?ticket=abc"}""");

        var url = await Client.OpenSocketModeConnectionAsync();

        Assert.Equal("wss://wss-primary.slack.com/link/?ticket=abc", url.ToString());
        Assert.Equal("Bearer " + TestServices.AppToken, (await _slack.NextRequestAsync()).Authorization);
    }
}
