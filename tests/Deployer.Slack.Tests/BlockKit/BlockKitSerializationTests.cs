using System.Text.Json;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Inbound;

namespace Deployer.Slack.Tests.BlockKit;

public sealed class BlockKitSerializationTests
{
    [Fact]
    public void Blocks_serialize_with_type_discriminators_snake_case_and_no_nulls()
    {
        var message = new SlackMessage("router: staging → production blocked", [
            new HeaderBlock("router"),
            new SectionBlock(TextObject.Markdown("*Blocked*"), [TextObject.Markdown("*Stage*\nproduction")], blockId: "pair:router"),
            new ContextBlock("checked 2 min ago"),
            new DividerBlock(),
            new ActionsBlock([
                new ButtonElement("Force promote", "force", "router:prod", ButtonStyle.Danger,
                    new ConfirmDialog("Force promote?", "Checks are failing.", "Promote", "Cancel", ButtonStyle.Danger)),
                new ButtonElement("Hold", "hold", style: ButtonStyle.Primary),
            ]),
        ]);

        var json = JsonSerializer.Serialize(new { text = message.Text, blocks = message.Blocks }, SlackJson.Options);
        using var document = JsonDocument.Parse(json);
        var blocks = document.RootElement.GetProperty("blocks");

        Assert.Equal(["header", "section", "context", "divider", "actions"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("pair:router", blocks[1].GetProperty("block_id").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("fields")[0].GetProperty("type").GetString());
        Assert.False(blocks[1].TryGetProperty("accessory", out _));
        Assert.False(blocks[3].TryGetProperty("block_id", out _));
        var force = blocks[4].GetProperty("elements")[0];
        Assert.Equal("button", force.GetProperty("type").GetString());
        Assert.Equal("force", force.GetProperty("action_id").GetString());
        Assert.Equal("danger", force.GetProperty("style").GetString());
        Assert.Equal("Promote", force.GetProperty("confirm").GetProperty("confirm").GetProperty("text").GetString());
        Assert.Equal("danger", force.GetProperty("confirm").GetProperty("style").GetString());
        var hold = blocks[4].GetProperty("elements")[1];
        Assert.Equal("primary", hold.GetProperty("style").GetString());
        Assert.False(hold.TryGetProperty("value", out _));
        Assert.False(hold.TryGetProperty("confirm", out _));
        Assert.DoesNotContain("is_plain", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_response_serializes_response_type_and_flags()
    {
        var json = JsonSerializer.Serialize(SlackMessageResponse.InChannel(new SlackMessage("hello")), SlackJson.Options);

        Assert.Equal("""{"response_type":"in_channel","text":"hello"}""", json);
        Assert.Equal("""{"delete_original":true}""", JsonSerializer.Serialize(SlackMessageResponse.Delete(), SlackJson.Options));
    }
}
