using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Slack.Tests.WebApi;

/// <summary>The fake Slack's <c>views.open</c> refuses what Slack refuses, so the bot's modal tests cannot pass on a view Slack would reject.</summary>
public sealed class FakeSlackViewsTests : IAsyncLifetime
{
    private const string Valid = """
        {"type":"modal","title":{"type":"plain_text","text":"Force promote"},"callback_id":"cb","submit":{"type":"plain_text","text":"Go"},
         "blocks":[{"type":"input","block_id":"reason","label":{"type":"plain_text","text":"Reason"},"element":{"type":"plain_text_input","action_id":"text"}}]}
        """;

    private FakeSlackServer _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _http = new HttpClient { BaseAddress = _slack.ApiBaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_view_is_opened_with_a_new_id_and_recorded()
    {
        var first = await OpenAsync(Valid);
        var second = await OpenAsync(Valid);

        Assert.True(first.GetProperty("ok").GetBoolean());
        var id = first.GetProperty("view").GetProperty("id").GetString();
        Assert.StartsWith("V", id, StringComparison.Ordinal);
        Assert.NotEqual(id, second.GetProperty("view").GetProperty("id").GetString());
        Assert.Equal(2, _slack.OpenedViews.Count);
        Assert.All(_slack.OpenedViews, v => Assert.True(v.Accepted));
    }

    [Theory]
    [InlineData("type", "\"home\"", "view.type must be modal")]
    [InlineData("title", "{\"type\":\"plain_text\",\"text\":\"1234567890123456789012345\"}", "view.title must be plain_text of 1 to 24 characters")]
    [InlineData("title", "{\"type\":\"mrkdwn\",\"text\":\"t\"}", "view.title must be plain_text of 1 to 24 characters")]
    [InlineData("blocks", "[]", "view.blocks must hold 1 to 100 blocks")]
    [InlineData("callback_id", null, "view.callback_id must be 1 to 255 characters")]
    [InlineData("submit", null, "a view with input blocks needs submit")]
    [InlineData("submit", "{\"type\":\"plain_text\",\"text\":\"1234567890123456789012345\"}", "view.submit must be plain_text of 1 to 24 characters")]
    [InlineData("private_metadata", "\"LONG\"", "view.private_metadata must be at most 3000 characters")]
    public async Task An_invalid_view_is_refused_with_invalid_arguments(string field, string? value, string problem)
    {
        var view = JsonNode.Parse(Valid)!.AsObject();
        view.Remove(field);
        if (value is not null)
        {
            view[field] = value == "\"LONG\"" ? new string('m', 3001) : JsonNode.Parse(value);
        }

        var answer = await OpenAsync(view.ToJsonString());

        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_arguments", answer.GetProperty("error").GetString());
        var opened = Assert.Single(_slack.OpenedViews);
        Assert.False(opened.Accepted);
        Assert.Equal(problem, opened.Problem);
    }

    [Fact]
    public async Task Input_blocks_need_a_block_id_an_action_id_and_a_label()
    {
        foreach (var (path, problem) in new[]
        {
            ("block_id", "every input block needs a block_id and an element with a type and an action_id"),
            ("action_id", "every input block needs a block_id and an element with a type and an action_id"),
            ("label", "every input block needs a plain_text label of 1 to 2000 characters"),
        })
        {
            var view = JsonNode.Parse(Valid)!.AsObject();
            var block = view["blocks"]![0]!.AsObject();
            if (path == "action_id")
            {
                block["element"]!.AsObject().Remove("action_id");
            }
            else
            {
                block.Remove(path);
            }

            var answer = await OpenAsync(view.ToJsonString());

            Assert.Equal("invalid_arguments", answer.GetProperty("error").GetString());
            Assert.Equal(problem, _slack.OpenedViews[^1].Problem);
        }
    }

    [Fact]
    public async Task A_view_without_a_trigger_is_refused()
    {
        using var content = new StringContent($$"""{"view":{{Valid}}}""", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("views.open", content);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("invalid_arguments", answer.RootElement.GetProperty("error").GetString());
        Assert.Equal("trigger_id is missing", Assert.Single(_slack.OpenedViews).Problem);
    }

    private async Task<JsonElement> OpenAsync(string view)
    {
        using var content = new StringContent($$"""{"trigger_id":"1.2.3","view":{{view}}}""", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("views.open", content);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.Clone();
    }
}
