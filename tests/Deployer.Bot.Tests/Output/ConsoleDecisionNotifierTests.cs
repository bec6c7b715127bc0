using Deployer.Bot.Output;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.Output;

public sealed class ConsoleDecisionNotifierTests
{
    [Fact]
    public async Task Prints_one_line_per_change_with_the_blocking_reasons()
    {
        var console = new CapturedConsole();
        var notifier = new ConsoleDecisionNotifier(console);
        var decision = new PairDecision
        {
            Service = "router",
            From = "staging",
            To = "production",
            Kind = DecisionKind.Blocked,
            At = new DateTimeOffset(2026, 11, 26, 14, 2, 11, TimeSpan.Zero),
            Upstream = new Release { Commit = "9f1c2ab4f00d" },
            Checks = [CheckResult.Fail(CheckNames.ReleaseAge, "release is 12m old, needs 30m (ready at 14:32 UTC)")],
        };

        await notifier.DecisionChangedAsync(null, decision, default);

        Assert.Equal(
            "14:02:11 router staging→production 9f1c2ab BLOCKED release-age: release is 12m old, needs 30m (ready at 14:32 UTC)",
            Assert.Single(console.Lines));
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
