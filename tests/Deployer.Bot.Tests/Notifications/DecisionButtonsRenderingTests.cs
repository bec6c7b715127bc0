using System.Text.Json;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.Notifications.Slack;
using Deployer.Bot.Tests.ChatOps.Buttons;
using Deployer.Core.Checks;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Slack;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>Which buttons each decision message carries, what their values hold, and that every modal is one Slack accepts.</summary>
public sealed class DecisionButtonsRenderingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);
    private const string Commit = "4f2a1c0deadbeefdeadbeefdeadbeefdeadbeef0";

    private static readonly ServiceManifest Router = new()
    {
        Service = "router",
        Slack = new SlackSpec { Channel = "C0ROUTER01" },
        Stages =
        [
            new StageSpec { Name = "staging", Targets = ["router-staging"] },
            new StageSpec { Name = "canary", Targets = ["router-canary"] },
            new StageSpec { Name = "production", Targets = ["router-prod-eu", "router-prod-us"] },
        ],
    };

    private static PairDecision Decision(DecisionKind kind) => new()
    {
        Service = "router",
        From = "canary",
        To = "production",
        Kind = kind,
        At = At,
        Upstream = new Release { Commit = Commit, Version = 42, CreatedAt = At.AddMinutes(-5) },
        SourceTarget = "router-canary",
        TargetsToPromote = ["router-prod-eu", "router-prod-us"],
        Checks =
        [
            CheckResult.Pass(CheckNames.Incidents, "no open incident"),
            CheckResult.Fail(CheckNames.ReleaseAge, "release is 5m old, needs 30m") with { ClearsAt = At.AddMinutes(25) },
            CheckResult.Fail(CheckNames.Alerts, "RouterDown firing"),
        ],
        Hold = kind == DecisionKind.Held ? new Hold { Service = "router", Stage = "production", Reason = "db migration", By = "U0OPS0001", CreatedAt = At } : null,
        Detail = kind == DecisionKind.Failed ? "automatic: router-prod-us: slug too large" : null,
    };

    private static IReadOnlyList<string> Actions(PairDecision decision, string? supersededBy = null) =>
        [.. MessageButtons.Of(JsonSerializer.SerializeToElement(DecisionBlocks.Render(decision, At, supersededBy), SlackJson.Options)).Select(b => b.ActionId)];

    [Theory]
    [InlineData(DecisionKind.Blocked, new[] { DecisionActions.Hold, DecisionActions.Force, DecisionActions.Details })]
    [InlineData(DecisionKind.Held, new[] { DecisionActions.Resume, DecisionActions.Details })]
    [InlineData(DecisionKind.Failed, new[] { DecisionActions.Rollback, DecisionActions.Retry, DecisionActions.Details })]
    [InlineData(DecisionKind.Promote, new string[0])]
    [InlineData(DecisionKind.Promoting, new string[0])]
    [InlineData(DecisionKind.Promoted, new string[0])]
    [InlineData(DecisionKind.InSync, new string[0])]
    public void Each_kind_of_decision_message_offers_what_can_be_done_next(DecisionKind kind, string[] expected) =>
        Assert.Equal(expected, Actions(Decision(kind)));

    [Theory]
    [InlineData(DecisionKind.Blocked)]
    [InlineData(DecisionKind.Held)]
    [InlineData(DecisionKind.Failed)]
    public void A_superseded_message_offers_no_buttons(DecisionKind kind) => Assert.Empty(Actions(Decision(kind), "abc1234"));

    [Fact]
    public void A_button_value_names_the_pair_commit_and_kind_compactly_and_round_trips()
    {
        var value = DecisionButton.For(Decision(DecisionKind.Held)).Value();

        Assert.Equal($"{{\"service\":\"router\",\"from\":\"canary\",\"to\":\"production\",\"commit\":\"{Commit}\",\"kind\":\"Held\"}}", value);
        Assert.Equal(new DecisionButton("router", "canary", "production", Commit, DecisionKind.Held), DecisionButton.Parse(value));
        Assert.True(DecisionButton.Parse(value)!.Matches(Decision(DecisionKind.Held)));
        Assert.False(DecisionButton.Parse(value)!.Matches(Decision(DecisionKind.Blocked)));
        Assert.False(DecisionButton.Parse(value)!.Matches(Decision(DecisionKind.Held) with { Upstream = new Release { Commit = "ffffffff" } }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"service\":\"router\"}")]
    [InlineData("{\"service\":\"router\",\"from\":\"a\",\"to\":\"b\",\"kind\":\"Exploded\"}")]
    public void A_value_that_is_not_ours_parses_to_nothing(string? value) => Assert.Null(DecisionButton.Parse(value));

    [Fact]
    public void A_value_longer_than_slack_allows_parses_to_nothing() =>
        Assert.Null(DecisionButton.Parse(DecisionButton.For(Decision(DecisionKind.Blocked) with { Service = new string('r', 2000) }).Value()));

    [Fact]
    public void Every_modal_is_one_slack_accepts_and_carries_the_pair()
    {
        var context = ModalContext.For(DecisionButton.For(Decision(DecisionKind.Blocked)), new DecisionClick(DecisionActions.Hold, null, "t", "C0ROUTER01", "1.2"));
        var request = new ForceRequest
        {
            Id = "abc123", Service = "router", From = "canary", To = "production", Commit = Commit, Version = 42, RequestedBy = "U0REQ0001",
            Reason = "hotfix", RequestedAt = At, ExpiresAt = At.AddMinutes(30), BypassedChecks = ["alerts: RouterDown firing"], RequiredApprovals = 1,
        };
        var views = new[]
        {
            DecisionModals.Hold(Router, Decision(DecisionKind.Blocked), context),
            DecisionModals.Force(Router, Decision(DecisionKind.Blocked), context, new AuthorizationOptions { RequiredApprovals = 2 }),
            DecisionModals.Rollback(Router, Decision(DecisionKind.Failed), context),
            DecisionModals.Reject(request, context with { RequestId = request.Id }),
        };

        foreach (var view in views)
        {
            var json = JsonSerializer.SerializeToElement(view, SlackJson.Options);
            Assert.Null(FakeSlackServer.ViewProblem(json));
            Assert.True(json.GetProperty("title").GetProperty("text").GetString()!.Length <= 24);
            var metadata = json.GetProperty("private_metadata").GetString()!;
            Assert.Equal("router", ModalContext.Parse(metadata)!.Service);
            Assert.DoesNotContain("Button", metadata);
            Assert.DoesNotContain("PairKey", metadata);
        }

        var hold = JsonSerializer.SerializeToElement(views[0], SlackJson.Options);
        Assert.Equal(["canary", "production", "all"], ViewJson.Options(ViewJson.Input(hold, "stage")));
        Assert.Equal("production", ViewJson.Initial(ViewJson.Input(hold, "stage")));
        var force = ViewJson.Text(JsonSerializer.SerializeToElement(views[1], SlackJson.Options));
        Assert.Contains("❌ *release-age*: release is 5m old, needs 30m", force);
        Assert.Contains("❌ *alerts*: RouterDown firing", force);
        Assert.DoesNotContain("incidents", force);
        Assert.Contains("Needs 2 approval(s)", force);
    }

    [Theory]
    [InlineData("30m", 30.0)]
    [InlineData("4h", 240.0)]
    [InlineData("until-resumed", null)]
    public void Hold_durations_map_to_their_length(string value, double? minutes)
    {
        Assert.True(DecisionModals.TryDuration(value, out var length));
        Assert.Equal(minutes, length?.TotalMinutes);
    }

    [Fact]
    public void An_unknown_duration_is_refused() => Assert.False(DecisionModals.TryDuration("3d", out _));
}
