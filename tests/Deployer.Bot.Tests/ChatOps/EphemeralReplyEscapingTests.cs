using Deployer.Bot.ChatOps.Rendering;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>User text echoed in ephemeral replies is escaped like channel messages, so it cannot ping or link.</summary>
public sealed class EphemeralReplyEscapingTests
{
    [Fact]
    public void A_mistake_echoing_the_users_text_escapes_slack_control_sequences()
    {
        var reply = Replies.Mistake("Unknown command `<!channel>`.", "usage");

        Assert.Equal("Unknown command `&lt;!channel&gt;`.\nusage", reply.Text);
        var section = Assert.IsType<SectionBlock>(reply.Blocks![0]);
        Assert.DoesNotContain("<!channel>", section.Text!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_echoing_the_users_text_is_escaped()
    {
        var reply = Replies.Failure("No hold on <@U123|everyone> & co");

        Assert.Contains("&lt;@U123|everyone&gt; &amp; co", reply.Text, StringComparison.Ordinal);
    }
}
