using System.Text.Json;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Tests.WebApi;

/// <summary>Message metadata on <c>chat.postMessage</c> and reading it back with <c>conversations.history</c>/<c>conversations.replies</c>.</summary>
public sealed class SlackHistoryTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;

    private ISlackApiClient Client => _services.GetRequiredService<ISlackApiClient>();

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _services = TestServices.Build(_slack, o => o.MaxRetries = 0);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Post_message_sends_metadata_as_event_type_and_event_payload()
    {
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"1.1"}""");
        var metadata = new SlackMessageMetadata("deployer_outbox", new Dictionary<string, string> { ["id"] = "42", ["createdAt"] = "7" });

        await Client.PostMessageAsync("C1", new SlackMessage("hello") { Metadata = metadata });

        using var body = JsonDocument.Parse((await _slack.NextRequestAsync()).Body);
        var sent = body.RootElement.GetProperty("metadata");
        Assert.Equal("deployer_outbox", sent.GetProperty("event_type").GetString());
        Assert.Equal("42", sent.GetProperty("event_payload").GetProperty("id").GetString());
        Assert.Equal("7", sent.GetProperty("event_payload").GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task Post_message_without_metadata_sends_no_metadata_field()
    {
        _slack.Enqueue("chat.postMessage", """{"ok":true,"channel":"C1","ts":"1.1"}""");

        await Client.PostMessageAsync("C1", new SlackMessage("hello"));

        using var body = JsonDocument.Parse((await _slack.NextRequestAsync()).Body);
        Assert.False(body.RootElement.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task History_sends_its_query_as_a_form_and_reads_messages_metadata_and_the_next_cursor()
    {
        _slack.Enqueue("conversations.history", """
            {"ok":true,"has_more":true,"pin_count":0,
             "messages":[
               {"type":"message","user":"U1","text":"plain","ts":"1700000002.000200"},
               {"type":"message","bot_id":"B1","text":"ours","ts":"1700000001.000100",
                "metadata":{"event_type":"deployer_outbox","event_payload":{"id":"42","n":7,"nested":{"x":1}}}},
               {"type":"message","text":"no ts"}
             ],
             "response_metadata":{"next_cursor":"bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz"}}
            """);

        var page = await Client.GetHistoryAsync("C1", new SlackHistoryQuery { Oldest = "1700000000.000000", Limit = 5000, IncludeAllMetadata = true, Cursor = "abc" });

        var form = QueryHelpers.ParseQuery((await _slack.NextRequestAsync()).Body);
        Assert.Equal("C1", form["channel"].ToString());
        Assert.Equal("1700000000.000000", form["oldest"].ToString());
        Assert.Equal("999", form["limit"].ToString());
        Assert.Equal("true", form["include_all_metadata"].ToString());
        Assert.Equal("abc", form["cursor"].ToString());
        Assert.Equal(["1700000002.000200", "1700000001.000100"], page.Messages.Select(m => m.Ts));
        Assert.Null(page.Messages[0].Metadata);
        var metadata = page.Messages[1].Metadata;
        Assert.NotNull(metadata);
        Assert.Equal("deployer_outbox", metadata.EventType);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "42", ["n"] = "7" }, metadata.EventPayload);
        Assert.Equal("bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz", page.NextCursor);
    }

    [Fact]
    public async Task Replies_name_the_thread_and_an_empty_cursor_ends_the_pages()
    {
        _slack.Enqueue("conversations.replies", """
            {"ok":true,"has_more":false,
             "messages":[{"text":"parent","ts":"1.000100","thread_ts":"1.000100"},{"text":"reply","ts":"2.000200","thread_ts":"1.000100"}],
             "response_metadata":{"next_cursor":""}}
            """);

        var page = await Client.GetRepliesAsync("C1", "1.000100", new SlackHistoryQuery());

        var form = QueryHelpers.ParseQuery((await _slack.NextRequestAsync()).Body);
        Assert.Equal(("C1", "1.000100", "200"), (form["channel"].ToString(), form["ts"].ToString(), form["limit"].ToString()));
        Assert.False(form.ContainsKey("include_all_metadata"));
        Assert.False(form.ContainsKey("oldest"));
        Assert.Equal([("1.000100", "parent"), ("2.000200", "reply")], page.Messages.Select(m => (m.Ts, m.Text)));
        Assert.All(page.Messages, m => Assert.Equal("1.000100", m.ThreadTs));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task History_refused_for_a_missing_scope_is_a_typed_error()
    {
        _slack.Enqueue("conversations.history", """{"ok":false,"error":"missing_scope","needed":"channels:history"}""");

        var refused = await Assert.ThrowsAsync<SlackApiException>(() => Client.GetHistoryAsync("C1", new SlackHistoryQuery()));

        Assert.Equal("missing_scope", refused.Error);
    }
}
