using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Tests.Store;

/// <summary>The record that a post was handed to Slack outlives the process, on each provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task An_outbox_items_attempts_are_counted_durably_and_kept_when_its_content_changes()
    {
        var stores = await OpenAsync();
        stores.Outbox.Upsert("C1", "decision:a", SlackMessageJson.Serialize(new SlackMessage("first")));
        stores.Outbox.Post("C1", SlackMessageJson.Serialize(new SlackMessage("once")));
        var pending = stores.Outbox.Pending();
        Assert.All(pending, i => Assert.Equal(0, i.Attempts));
        var post = pending[0];
        stores.Outbox.Attempting(post);
        stores.Outbox.Attempting(post);
        Assert.Equal(2, post.Attempts);
        stores.Outbox.ReleaseClaims();

        // Newer content for the unsent post is folded into the same item, which keeps its id and its attempts.
        stores.Outbox.Upsert("C1", "decision:a", SlackMessageJson.Serialize(new SlackMessage("second")));
        var reopened = await OpenAsync(again: true);
        var again = reopened.Outbox.Pending();
        Assert.Equal([(post.Id, 2, "second"), (pending[1].Id, 0, "once")], again.Select(i => (i.Id, i.Attempts, SlackMessageJson.Deserialize(i.Body).Text)));
        reopened.Outbox.ReleaseClaims();
    }
}
