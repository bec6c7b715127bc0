using System.Text.Json.Nodes;
using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>Issue 16's manifest keys: who a failure mentions (<c>owners</c>, <c>slack.mentionOnFailure</c>) and <c>slack.threadUpdates</c>.</summary>
public sealed class ManifestMentionTests
{
    private static ServiceManifest Parsed(Action<JsonObject> change)
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(change), "router.json");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Manifest!;
    }

    private static ManifestError Rejected(Action<JsonObject> change, string path)
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(change), "router.json");
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Equal("router.json", error.File);
        return error;
    }

    [Fact]
    public void Without_slack_keys_the_owners_are_mentioned_and_threads_get_updates()
    {
        var manifest = Parsed(_ => { });

        Assert.Equal(["@router-team"], manifest.FailureMentions);
        Assert.Null(manifest.Slack.MentionOnFailure);
        Assert.True(manifest.Slack.ThreadUpdates);
    }

    [Fact]
    public void Mention_on_failure_replaces_the_owners_and_an_empty_list_mentions_nobody()
    {
        var manifest = Parsed(o => o["slack"] = JsonNode.Parse("""{ "channel": "C0ROUTER01", "mentionOnFailure": ["U012AB3CD", "@S0614TZR7", "@payments-oncall"], "threadUpdates": false }"""));
        var silent = Parsed(o => o["slack"] = JsonNode.Parse("""{ "channel": "C0ROUTER01", "mentionOnFailure": [] }"""));

        Assert.Equal(["U012AB3CD", "@S0614TZR7", "@payments-oncall"], manifest.FailureMentions);
        Assert.Equal(["@router-team"], manifest.Owners);
        Assert.False(manifest.Slack.ThreadUpdates);
        Assert.Empty(silent.FailureMentions);
    }

    [Fact]
    public void A_malformed_mention_names_its_path_and_what_is_expected()
    {
        var error = Rejected(o => o["slack"] = JsonNode.Parse("""{ "channel": "C0ROUTER01", "mentionOnFailure": ["U012AB3CD", "ana@example.com"] }"""), "$.slack.mentionOnFailure[1]");

        Assert.Equal("'ana@example.com' is not a Slack user id like U012AB3CD (or W…), or a user group as @handle or @S0614TZR7", error.Message);
    }

    [Fact]
    public void A_malformed_owner_is_refused_too()
    {
        var error = Rejected(o => o["owners"] = JsonNode.Parse("""["@router-team", "router team"]"""), "$.owners[1]");

        Assert.Contains("is not a Slack user id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thread_updates_must_be_a_boolean_and_mentions_a_list()
    {
        Assert.Equal("must be a boolean, not a string", Rejected(o => o["slack"] = JsonNode.Parse("""{ "threadUpdates": "no" }"""), "$.slack.threadUpdates").Message);
        Assert.Equal("must be an array, not a string", Rejected(o => o["slack"] = JsonNode.Parse("""{ "mentionOnFailure": "@oncall" }"""), "$.slack.mentionOnFailure").Message);
    }

    [Fact]
    public void An_unknown_slack_key_is_named()
    {
        Assert.Equal("unknown property 'mentions'", Rejected(o => o["slack"] = JsonNode.Parse("""{ "mentions": ["@x"] }"""), "$.slack.mentions").Message);
    }
}
