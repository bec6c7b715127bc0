using Deployer.Bot.Notifications.Console;
using Deployer.Core.Checks;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.Notifications;

public sealed class ConsoleRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 14, 2, 11, TimeSpan.Zero);

    private static readonly ServiceManifest Router = new()
    {
        Service = "router",
        Slack = new SlackSpec { Channel = "#router-deploys" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
    };

    private readonly ConsoleRenderer _renderer = new(new ManifestCatalog([Router]));

    [Fact]
    public void A_decision_change_is_one_line_with_the_blocking_reasons()
    {
        var decision = new PairDecision
        {
            Service = "router",
            From = "staging",
            To = "production",
            Kind = DecisionKind.Blocked,
            At = At,
            Upstream = new Release { Commit = "9f1c2ab4f00d" },
            Checks = [CheckResult.Fail(CheckNames.ReleaseAge, "release is 12m old, needs 30m (ready at 14:32 UTC)")],
        };

        Assert.Equal(
            "14:02:11 router staging→production 9f1c2ab BLOCKED release-age: release is 12m old, needs 30m (ready at 14:32 UTC)",
            _renderer.Render(DecisionChanged.Of(null, decision)));
    }

    [Fact]
    public void An_expired_hold_is_printed_but_placed_and_lifted_holds_are_left_to_the_command_reply()
    {
        var hold = new Hold { Service = "router", Stage = "production", Reason = "db migration", By = "alice", CreatedAt = At };

        Assert.Equal("14:02:11 hold on router production by alice expired: db migration", _renderer.Render(new HoldExpired { Hold = hold, At = At }));
        Assert.Null(_renderer.Render(new HoldPlaced { Hold = hold, At = At }));
        Assert.Null(_renderer.Render(new HoldLifted { HeldService = "router", Stage = "production", Lifted = [hold], By = "bob", At = At }));
    }

    [Fact]
    public void Channel_messages_are_labelled_with_their_channel_and_a_service_without_one_prints_nothing()
    {
        var refused = new ManifestNotLoaded { ManifestService = "router", File = "router.json", Problems = [new ManifestProblem("$.stages", "must not be empty")], At = At };

        Assert.StartsWith("[#router-deploys] ⚠️ The edit of router.json was not loaded", _renderer.Render(refused));
        Assert.Null(_renderer.Render(refused with { ManifestService = "billing" }));
    }

    [Fact]
    public async Task Text_writer_output_writes_whole_lines()
    {
        using var writer = new StringWriter();
        var output = new TextWriterConsoleOutput(writer);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => output.WriteLineAsync($"line {i}", default)));
        Assert.Equal(20, writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
