using System.Text.RegularExpressions;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Local;

/// <summary>Local mode shows what each pending diff ships: the simulator's commits, from its own history, on the console.</summary>
public sealed partial class LocalChangeListTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"^ {9}(?<count>\d+) commits?: (?<sha>[0-9a-f]{7}) [A-Z][^(]+ \((?<author>[a-z]+)\)")]
    private static partial Regex ChangeLine();

    [Fact]
    public async Task A_simulated_release_is_announced_with_its_commits_and_its_ci_run()
    {
        _dir.Write("manifests/demo.json", TestBot.DemoManifest.Replace(
            "\"releaseAge\": { \"min\": \"1s\" }", "\"releaseAge\": { \"min\": \"2s\" }, \"integrationTests\": { \"suite\": \"ci\", \"minRuntime\": \"0s\" }", StringComparison.Ordinal));
        await using var bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?>
        {
            ["Local:Simulator:Enabled"] = "true",
            ["Local:Simulator:Interval"] = "00:00:01",
        });

        var index = await Eventually.GetAsync(
            () => Task.FromResult<int?>(IndexOfBlockedChange(bot.Console.Lines)),
            i => i > 0,
            "a blocked simulated release announced with its change list",
            TimeSpan.FromSeconds(60));

        var lines = Split(bot.Console.Lines);
        var change = ChangeLine().Match(lines[index!.Value]);
        Assert.True(change.Success, lines[index.Value]);
        Assert.InRange(int.Parse(change.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 250);
        Assert.Contains("checks: ci success", lines[index.Value], StringComparison.Ordinal);
        // The newest commit listed is the upstream release's own.
        Assert.Contains($"demo staging→production {change.Groups["sha"].Value} BLOCKED", lines[index.Value - 1], StringComparison.Ordinal);
    }

    /// <summary>A console entry may hold two lines (the decision, then its change list).</summary>
    private static List<string> Split(IReadOnlyList<string> output) => [.. output.SelectMany(l => l.Split('\n'))];

    private static int? IndexOfBlockedChange(IReadOnlyList<string> output)
    {
        var lines = Split(output);
        for (var i = 1; i < lines.Count; i++)
        {
            if (ChangeLine().IsMatch(lines[i]) && lines[i - 1].Contains("BLOCKED", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }
}
