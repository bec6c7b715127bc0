using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Deployer.Slack.Tests;

/// <summary>
/// The Slack app manifest a newcomer pastes from the README ("Create the app from a manifest") is valid YAML with the
/// shape Slack expects, asks for every scope the code needs and points interactivity at the route that serves it.
/// </summary>
public sealed partial class ReadmeManifestTests
{
    // What the bot calls: chat.postMessage/update (chat:write), /deployer (commands), usergroups.list (usergroups:read),
    // conversations.history/replies (channels:history, groups:history), conversations.open for DMs (im:write), and their history (im:history).
    private static readonly string[] RequiredBotScopes = ["chat:write", "commands", "usergroups:read", "channels:history", "groups:history", "im:history", "im:write"];

    private static readonly string[] TopLevelKeys = ["_metadata", "display_information", "features", "oauth_config", "settings", "outgoing_domains", "functions", "workflows"];

    private static YamlMappingNode Manifest()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var heading = readme.IndexOf("### 1. Create the app from a manifest", StringComparison.Ordinal);
        Assert.True(heading >= 0, "README lost its 'Create the app from a manifest' step");
        var match = YamlBlock().Match(readme, heading);
        Assert.True(match.Success, "no ```yaml block after 'Create the app from a manifest'");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(match.Groups["yaml"].Value));
        return Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"manifest has no '{string.Join('.', path)}' (missing '{key}')");
            node = child;
        }

        return node;
    }

    private static string Scalar(YamlNode root, params string[] path) => Assert.IsType<YamlScalarNode>(At(root, path)).Value ?? "";

    [Fact]
    public void Manifest_has_only_keys_slack_knows_and_a_named_bot_user()
    {
        var manifest = Manifest();

        Assert.All(manifest.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value, TopLevelKeys));
        Assert.InRange(Scalar(manifest, "display_information", "name").Length, 1, 35);
        Assert.InRange(Scalar(manifest, "features", "bot_user", "display_name").Length, 1, 80);
    }

    [Fact]
    public void Manifest_asks_for_every_bot_scope_the_code_uses()
    {
        var scopes = Assert.IsType<YamlSequenceNode>(At(Manifest(), "oauth_config", "scopes", "bot"))
            .Children.Select(s => Assert.IsType<YamlScalarNode>(s).Value).ToArray();

        Assert.All(RequiredBotScopes, s => Assert.Contains(s, scopes));
        Assert.All(scopes, s => Assert.Matches(ScopeName(), s!));
        Assert.Equal(scopes.Length, scopes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Manifest_enables_interactivity_on_the_route_that_serves_buttons_and_modals()
    {
        var manifest = Manifest();

        Assert.Equal("true", Scalar(manifest, "settings", "interactivity", "is_enabled"));
        Assert.EndsWith("/slack/interactions", Scalar(manifest, "settings", "interactivity", "request_url"), StringComparison.Ordinal);
        Assert.Contains(Scalar(manifest, "settings", "socket_mode_enabled"), new[] { "true", "false" });
        var command = Assert.IsType<YamlMappingNode>(Assert.Single(Assert.IsType<YamlSequenceNode>(At(manifest, "features", "slash_commands")).Children));
        Assert.Equal("/deployer", Scalar(command, "command"));
        Assert.EndsWith("/slack/commands", Scalar(command, "url"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("^(commands|[a-z]+(\\.[a-z]+)*:[a-z]+(\\.[a-z]+)*)$")]
    private static partial Regex ScopeName();
}
