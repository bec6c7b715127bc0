using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// A bot killed after a promotion's completion (which queued the result) and before its decision row was stored comes
/// back with the row still promoting: it delivers the result, then announces promoting → in sync. That second change
/// must not read as a second result: no "is live" reply in Slack, no PROMOTED line on the console.
/// </summary>
public sealed class PromotionResultRenderingTests
{
    private const string Commit = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static readonly DateTimeOffset At = new(2026, 11, 26, 14, 2, 11, TimeSpan.Zero);

    private static readonly ServiceManifest Router = new()
    {
        Service = "router",
        Slack = new SlackSpec { Channel = "C0ROUTER01" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
    };

    private static PairDecision Decision(DecisionKind kind, string? detail = null) => new()
    {
        Service = "router",
        From = "staging",
        To = "production",
        Kind = kind,
        At = At,
        Upstream = new Release { Commit = Commit, Version = 42 },
        SourceTarget = "router-staging",
        TargetsToPromote = kind == DecisionKind.InSync ? [] : ["router-prod"],
        Detail = detail,
    };

    /// <summary>What the restarted bot announces: the queued result, then the next cycle's change from the stale row.</summary>
    private static List<DecisionChanged> AfterTheRestart()
    {
        var promoting = Decision(DecisionKind.Promoting, "automatic");
        return [DecisionChanged.Of(promoting, Decision(DecisionKind.Promoted, "automatic")), DecisionChanged.Of(promoting, Decision(DecisionKind.InSync))];
    }

    [Fact]
    public void Slack_gets_one_is_live_reply_and_the_in_sync_change_only_updates_the_message()
    {
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);
        var changes = AfterTheRestart();

        var calls = changes.Select(renderer.Render).ToList();

        var key = SlackRenderer.DecisionKey("router/staging->production", Commit);
        var reply = Assert.Single(calls.SelectMany(c => c), c => c.Kind is SlackCallKind.Reply or SlackCallKind.ReplyIfPosted);
        Assert.Contains("1111111 is live on router-prod", reply.Message.Text, StringComparison.Ordinal);
        var inSync = Assert.Single(calls[1]);
        Assert.Equal((SlackCallKind.Upsert, key), (inSync.Kind, inSync.Key));
        Assert.DoesNotContain("is live", inSync.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_prints_one_promoted_line_then_in_sync()
    {
        var renderer = new ConsoleRenderer(new ManifestCatalog([Router]));

        var lines = AfterTheRestart().Select(renderer.Render).ToList();

        Assert.Equal(
            ["14:02:11 router staging→production 1111111 PROMOTED to router-prod (automatic)", "14:02:11 router staging→production 1111111 IN SYNC"],
            lines);
    }
}
