using System.Text.Json;
using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Verification;
using Deployer.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>Verification events on Slack (failure message with Roll back / Keep) and on the console.</summary>
public sealed class VerificationRenderingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 14, 24, 0, TimeSpan.Zero);

    private static readonly ServiceManifest Router = new()
    {
        Service = "router",
        Slack = new SlackSpec { Channel = "C0ROUTER01" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
    };

    private static readonly StageVerification Failed = new()
    {
        Service = "router",
        Stage = "production",
        From = "staging",
        Commit = "4f2a1c0deadbeefdeadbeefdeadbeefdeadbeef0",
        State = VerificationState.Failed,
        StartedAt = At.AddMinutes(-4),
        For = TimeSpan.FromMinutes(10),
        EndedAt = At,
        Reason = "alerts: router is up: firing (RouterDown severity=critical)",
    };

    private static VerificationFailed Failure(VerifyFailureAction onFailure = VerifyFailureAction.Hold) => new()
    {
        Verification = Failed,
        Check = "alerts",
        CheckReason = "router is up: firing (RouterDown severity=critical)",
        OnFailure = onFailure,
        At = At,
    };

    private static JsonElement Json(Deployer.Slack.BlockKit.SlackMessage message) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new { text = message.Text, blocks = message.Blocks }, SlackJson.Options)).RootElement.Clone();

    [Fact]
    public void A_failure_is_posted_with_the_failing_check_and_roll_back_and_keep_buttons()
    {
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);

        var call = Assert.Single(renderer.Render(Failure()));

        Assert.Equal((SlackCallKind.Upsert, "C0ROUTER01"), (call.Kind, call.Channel));
        var json = Json(call.Message);
        Assert.Contains("failed verification in production", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "section"
            && b.GetProperty("text").GetProperty("text").GetString()!.Contains("*alerts*: router is up: firing (RouterDown severity=critical)", StringComparison.Ordinal));
        var buttons = blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal(["verification-rollback", "verification-keep"], buttons.Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal("danger", buttons[0].GetProperty("style").GetString());
        Assert.Equal("Roll back production?", buttons[0].GetProperty("confirm").GetProperty("title").GetProperty("text").GetString());
        Assert.False(buttons[1].TryGetProperty("style", out _));
        foreach (var button in buttons)
        {
            using var value = JsonDocument.Parse(button.GetProperty("value").GetString()!);
            Assert.Equal(
                ("router", "production", Failed.Commit),
                (value.RootElement.GetProperty("service").GetString(), value.RootElement.GetProperty("stage").GetString(), value.RootElement.GetProperty("commit").GetString()));
        }
    }

    [Fact]
    public void Verified_and_superseded_reply_in_the_thread_of_the_promotion_message()
    {
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);
        var verified = Failed with { State = VerificationState.Verified, Reason = null };

        var reply = Assert.Single(renderer.Render(new Verified { Verification = verified, At = At }));
        var superseded = Assert.Single(renderer.Render(new VerificationSuperseded { Verification = verified with { Reason = "router-prod runs 9f1c2ab now" }, At = At }));

        Assert.Equal((SlackCallKind.Reply, SlackRenderer.DecisionKey("router/staging->production", Failed.Commit)), (reply.Kind, reply.Key));
        Assert.Contains("verified in *production*", reply.Message.Text, StringComparison.Ordinal);
        Assert.Equal(SlackCallKind.Reply, superseded.Kind);
        Assert.Contains("router-prod runs 9f1c2ab now", superseded.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_failure_reason_stays_within_block_kit_limits()
    {
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);
        var longReason = new string('x', 5000);

        var call = Assert.Single(renderer.Render(Failure() with { CheckReason = longReason }));

        var blocks = Json(call.Message).GetProperty("blocks").EnumerateArray().ToList();
        Assert.All(blocks.Where(b => b.TryGetProperty("text", out _)), b => Assert.True(b.GetProperty("text").GetProperty("text").GetString()!.Length <= 3000));
    }

    [Fact]
    public void The_console_prints_one_line_per_verification_event()
    {
        var renderer = new ConsoleRenderer(new ManifestCatalog([Router]));

        Assert.Equal(
            "14:24:00 router production 4f2a1c0 FAILED VERIFICATION alerts: router is up: firing (RouterDown severity=critical); held production (roll back: `rollback router production`; keep it: `resume router production`); 4f2a1c0 is rejected there",
            renderer.Render(Failure()));
        Assert.Contains("held and rolling back production", renderer.Render(Failure(VerifyFailureAction.Rollback)), StringComparison.Ordinal);
        Assert.Equal(
            "14:24:00 router production 4f2a1c0 VERIFIED: healthy for 10m",
            renderer.Render(new Verified { Verification = Failed with { State = VerificationState.Verified }, At = At }));
    }

    [Fact]
    public void Verification_events_survive_the_notification_queue_round_trip()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { IgnoreReadOnlyProperties = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var json = JsonSerializer.Serialize<DeployerEvent>(Failure(), options);

        Assert.StartsWith("{\"event\":\"verification-failed\"", json, StringComparison.Ordinal);
        var back = Assert.IsType<VerificationFailed>(JsonSerializer.Deserialize<DeployerEvent>(json, options));
        Assert.Equal((Failed.Commit, "alerts"), (back.Verification.Commit, back.Check));
    }
}
