using System.Text.Json;
using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Core.Verification;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>How mentions are rendered (issue 16): who, how each entry is written, where the call goes, and the console's text.</summary>
public sealed class MentionRenderingTests
{
    private const string Commit = "4f2a1c0deadbeefdeadbeefdeadbeefdeadbeef0";
    private static readonly DateTimeOffset At = new(2026, 11, 26, 16, 24, 0, TimeSpan.Zero);

    private static ServiceManifest Router(SlackSpec? slack = null, IReadOnlyList<string>? owners = null) => new()
    {
        Service = "router",
        Owners = owners ?? ["U0ALICE01", "@router-team", "@S0614TZR7"],
        Slack = slack ?? new SlackSpec { Channel = "C0ROUTER01" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
    };

    private static readonly BlockedTooLong Blocked = new()
    {
        ServiceName = "router",
        From = "staging",
        To = "production",
        Commit = Commit,
        Check = CheckNames.Alerts,
        Reason = "router is up: firing (RouterDown severity=critical)",
        Since = At.AddHours(-2).AddMinutes(-5),
        At = At,
    };

    private static VerificationFailed VerificationFailure() => new()
    {
        Verification = new StageVerification
        {
            Service = "router",
            Stage = "production",
            From = "staging",
            Commit = Commit,
            State = VerificationState.Failed,
            StartedAt = At.AddMinutes(-4),
            For = TimeSpan.FromMinutes(10),
        },
        Check = "alerts",
        CheckReason = "router is up: firing",
        At = At,
    };

    private static DecisionChanged Failed() => DecisionChanged.Of(null, new PairDecision
    {
        Service = "router",
        From = "staging",
        To = "production",
        Kind = DecisionKind.Failed,
        At = At,
        Upstream = new Release { Commit = Commit, Version = 7 },
        TargetsToPromote = ["router-prod"],
        Detail = "automatic: router-prod: slug compile failed",
    });

    private static SlackRenderer Renderer(ServiceManifest manifest, IGroupHandles? groups = null) =>
        new(new ManifestCatalog([manifest]), NullLogger<SlackRenderer>.Instance, groups);

    private sealed class KnownHandles(Dictionary<string, string> ids) : IGroupHandles
    {
        public string? GroupIdFor(string handle) => ids.GetValueOrDefault(handle);

        public ValueTask RefreshAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public void Each_owner_is_written_as_slack_mentions_it_and_an_unknown_handle_stays_plain_text()
    {
        Assert.Equal("<@U0ALICE01> @router-team <!subteam^S0614TZR7>", Mentions.Slack(Router().Owners));
        Assert.Equal("<@W0BOB0001> <!subteam^S0ROUTER1>", Mentions.Slack(["W0BOB0001", "@router-team"], h => h == "router-team" ? "S0ROUTER1" : null));
        Assert.Equal("@SRE", Mentions.Slack("@SRE"));
    }

    [Fact]
    public void Blocked_too_long_replies_in_the_decision_thread_with_the_owners_and_a_known_handle_as_a_group()
    {
        var call = Assert.Single(Renderer(Router(), new KnownHandles(new() { ["router-team"] = "S0ROUTER1" })).Render(Blocked));

        Assert.Equal((SlackCallKind.Reply, "C0ROUTER01", SlackRenderer.DecisionKey("router/staging->production", Commit)), (call.Kind, call.Channel, call.Key));
        Assert.True(call.Mention);
        Assert.Equal(
            "🔔 <@U0ALICE01> <!subteam^S0ROUTER1> <!subteam^S0614TZR7> *router* staging → production `4f2a1c0` has been blocked by *alerts* for 2h5m: router is up: firing (RouterDown severity=critical)",
            call.Message.Text);
    }

    [Fact]
    public void A_failed_verification_keeps_its_message_and_mentions_in_the_promotion_thread()
    {
        var calls = Renderer(Router()).Render(VerificationFailure());

        Assert.Equal(2, calls.Count);
        Assert.Equal((SlackCallKind.Upsert, false), (calls[0].Kind, calls[0].Mention));
        Assert.Equal((SlackCallKind.Reply, SlackRenderer.DecisionKey("router/staging->production", Commit), true), (calls[1].Kind, calls[1].Key, calls[1].Mention));
        Assert.Contains("<@U0ALICE01>", calls[1].Message.Text, StringComparison.Ordinal);
        Assert.Contains("failed verification in *production*: alerts: router is up: firing", calls[1].Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Mention_on_failure_replaces_the_owners_and_an_empty_list_mentions_nobody()
    {
        var oncall = Router(new SlackSpec { Channel = "C0ROUTER01", MentionOnFailure = ["U0ONCALL1"] });
        var nobody = Router(new SlackSpec { Channel = "C0ROUTER01", MentionOnFailure = [] });

        var mention = Assert.Single(Renderer(oncall).Render(Failed()), c => c.Mention);

        Assert.StartsWith("🔔 <@U0ONCALL1> *router* staging → production `4f2a1c0`: the promotion failed", mention.Message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("U0ALICE01", mention.Message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Renderer(nobody).Render(Failed()), c => c.Mention);
        Assert.Empty(Renderer(nobody).Render(Blocked));
        Assert.Contains(Renderer(nobody).Render(Failed()), c => c.Kind == SlackCallKind.Reply);
    }

    [Fact]
    public void Thread_updates_off_drops_every_reply_and_posts_mentions_in_the_channel()
    {
        var quiet = Renderer(Router(new SlackSpec { Channel = "C0ROUTER01", ThreadUpdates = false }));
        var verified = new Verified { Verification = VerificationFailure().Verification with { State = VerificationState.Verified }, At = At };

        var failed = quiet.Render(Failed());
        var blocked = Assert.Single(quiet.Render(Blocked));

        Assert.Equal([SlackCallKind.Upsert, SlackCallKind.Post], failed.Select(c => c.Kind));
        Assert.Contains("<@U0ALICE01>", failed[1].Message.Text, StringComparison.Ordinal);
        Assert.Equal(SlackCallKind.Post, blocked.Kind);
        Assert.Empty(quiet.Render(verified));
        Assert.Single(Renderer(Router()).Render(verified));
    }

    [Fact]
    public void The_console_shows_who_would_be_mentioned()
    {
        var console = new ConsoleRenderer(new ManifestCatalog([Router(owners: ["@ana", "@payments-oncall"])]));
        var oncall = new ConsoleRenderer(new ManifestCatalog([Router(new SlackSpec { MentionOnFailure = ["U0ONCALL1"] })]));

        Assert.Equal(
            "16:24:00 router staging→production 4f2a1c0 BLOCKED FOR 2h5m by alerts: router is up: firing (RouterDown severity=critical) → owners: @ana, @payments-oncall",
            console.Render(Blocked));
        Assert.EndsWith("slug compile failed → owners: @ana, @payments-oncall", console.Render(Failed()), StringComparison.Ordinal);
        Assert.EndsWith("is rejected there → mentionOnFailure: U0ONCALL1", oncall.Render(VerificationFailure()), StringComparison.Ordinal);
        Assert.DoesNotContain("→ owners", new ConsoleRenderer(new ManifestCatalog([Router(owners: [])])).Render(Failed()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_blocked_too_long_event_survives_the_notification_queue_round_trip()
    {
        var json = JsonSerializer.Serialize<DeployerEvent>(Blocked, Deployer.Bot.Store.StoreJson.Options);

        Assert.StartsWith("{\"event\":\"blocked-too-long\"", json, StringComparison.Ordinal);
        var back = Assert.IsType<BlockedTooLong>(JsonSerializer.Deserialize<DeployerEvent>(json, Deployer.Bot.Store.StoreJson.Options));
        Assert.Equal(Blocked, back);
    }
}
