using System.Text.Json;
using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>The change list in the Slack message of a pending diff (within Block Kit's limits) and on the console.</summary>
public sealed class ChangeListRenderingTests
{
    private const string From = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string To = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string CompareUrl = "https://github.com/acme/router/compare/2222222...1111111";
    private static readonly DateTimeOffset At = new(2026, 11, 26, 14, 2, 11, TimeSpan.Zero);

    private static readonly ServiceManifest Router = new()
    {
        Service = "router",
        Slack = new SlackSpec { Channel = "C0ROUTER01" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
    };

    private static PairDecision Decision(DecisionKind kind = DecisionKind.Blocked) => new()
    {
        Service = "router",
        From = "staging",
        To = "production",
        Kind = kind,
        At = At,
        Upstream = new Release { Commit = To, Version = 42 },
        SourceTarget = "router-staging",
        TargetsToPromote = ["router-prod"],
        Checks = [CheckResult.Fail(CheckNames.ReleaseAge, "release is 12m old, needs 30m (ready at 14:32 UTC)")],
    };

    private static ChangeList Changes(int total, Func<int, string>? title = null, Func<int, string>? author = null, IReadOnlyList<CheckRunSummary>? runs = null) =>
        ChangeList.Of(From, To,
            new CommitRange(CompareUrl, [.. Enumerable.Range(0, Math.Min(total, 250)).Select(i =>
                new CommitSummary($"{total - i:x7}{new string('c', 33)}", title?.Invoke(i) ?? $"Change {total - i}", author?.Invoke(i) ?? "ana"))])
            { TotalCommits = total },
            runs);

    private static JsonElement Json(Deployer.Slack.BlockKit.SlackMessage message) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new { text = message.Text, blocks = message.Blocks }, SlackJson.Options)).RootElement.Clone();

    private static List<JsonElement> Blocks(DecisionChanged change)
    {
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);
        var call = Assert.Single(renderer.Render(change), c => c.Kind == SlackCallKind.Upsert);
        return [.. Json(call.Message).GetProperty("blocks").EnumerateArray()];
    }

    private static string Section(List<JsonElement> blocks) =>
        blocks.Single(b => b.GetProperty("type").GetString() == "section" && b.GetProperty("text").GetProperty("text").GetString()!.Contains("commit", StringComparison.Ordinal)
            && b.GetProperty("text").GetProperty("text").GetString()!.Contains('•', StringComparison.Ordinal))
            .GetProperty("text").GetProperty("text").GetString()!;

    [Fact]
    public void The_message_lists_the_newest_ten_then_and_n_more_links_the_compare_and_names_the_check_runs()
    {
        var runs = new[] { new CheckRunSummary("build", "completed", "success"), new CheckRunSummary("lint", "completed", "failure"), new CheckRunSummary("e2e", "in_progress", null) };

        var blocks = Blocks(DecisionChanged.Of(null, Decision()) with { Changes = Changes(14, runs: runs) });

        var section = Section(blocks);
        var lines = section.Split('\n');
        Assert.Equal($"*14 commits* · <{CompareUrl}|compare 2222222...1111111>", lines[0]);
        Assert.Equal("• `000000e` Change 14 — ana", lines[1]);
        Assert.Equal(10, lines.Count(l => l.StartsWith('•')));
        Assert.Equal("• `0000005` Change 5 — ana", lines[10]);
        Assert.Equal("_and 4 more_", lines[11]);
        Assert.Equal("Checks: ✅ build · ❌ lint (failure) · ⏳ e2e (in progress)", lines[12]);
        // Right above the context line (which only the decision's buttons follow).
        var context = blocks.FindIndex(b => b.GetProperty("type").GetString() == "context");
        Assert.True(context > 0 && blocks.Skip(context + 1).All(b => b.GetProperty("type").GetString() == "actions"), string.Join(", ", blocks.Select(b => b.GetProperty("type").GetString())));
        Assert.Equal("section", blocks[context - 1].GetProperty("type").GetString());
        Assert.Equal(section, blocks[context - 1].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void Titles_and_authors_are_escaped_and_a_single_commit_is_singular()
    {
        var blocks = Blocks(DecisionChanged.Of(null, Decision()) with { Changes = Changes(1, _ => "Fix <script> & \"quotes\" *bold*", _ => "<@U123> & co") });

        var section = Section(blocks);

        Assert.StartsWith("*1 commit* · ", section, StringComparison.Ordinal);
        Assert.Contains("Fix &lt;script&gt; &amp; \"quotes\" *bold* — &lt;@U123&gt; &amp; co", section, StringComparison.Ordinal);
        Assert.DoesNotContain("and 0 more", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_change_list_the_message_is_as_before_with_the_short_sha()
    {
        var blocks = Blocks(DecisionChanged.Of(null, Decision()));

        Assert.DoesNotContain(blocks, b => b.ToString().Contains("commits*", StringComparison.Ordinal));
        Assert.Contains("`1111111` v42", blocks[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(250, 60)]
    [InlineData(412, 5_000)]
    [InlineData(10, 100_000)]
    public void A_huge_range_with_huge_messages_stays_within_block_kit_limits(int total, int titleLength)
    {
        var runs = Enumerable.Range(0, 300).Select(i => new CheckRunSummary($"check-{i}-{new string('n', 80)}", "completed", "failure")).ToList();
        var changes = Changes(total, i => $"{i}<{new string('t', titleLength)}&", i => new string('a', 500), runs);

        foreach (var kind in new[] { DecisionKind.Blocked, DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.Failed })
        {
            var decision = Decision(kind) with { Detail = new string('d', 10_000) };
            var blocks = Blocks(DecisionChanged.Of(null, decision) with { Changes = changes });

            Assert.InRange(blocks.Count, 1, 50);
            foreach (var block in blocks.Where(b => b.GetProperty("type").GetString() == "section"))
            {
                Assert.InRange(block.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 3000);
            }

            var section = Section(blocks);
            Assert.StartsWith($"*{total} commits* · <{CompareUrl}|", section, StringComparison.Ordinal);
            var listed = section.Split('\n').Count(l => l.StartsWith('•'));
            Assert.InRange(listed, 1, 10);
            Assert.Equal(total > listed, section.Contains($"_and {total - listed} more_", StringComparison.Ordinal));
            Assert.Contains("Checks: ❌ check-0-", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_superseded_message_keeps_its_own_list()
    {
        var previous = Decision();
        var current = Decision() with { Upstream = new Release { Commit = "3333333ccccccccccccccccccccccccccccccccc", Version = 43 } };
        var renderer = new SlackRenderer(new ManifestCatalog([Router]), NullLogger<SlackRenderer>.Instance);

        var calls = renderer.Render(DecisionChanged.Of(previous, current) with { PreviousChanges = Changes(2), Changes = Changes(3) });

        Assert.Equal(2, calls.Count);
        Assert.Contains("*2 commits*", Json(calls[0].Message).ToString(), StringComparison.Ordinal);
        Assert.Contains("superseded", Json(calls[0].Message).ToString(), StringComparison.Ordinal);
        Assert.Contains("*3 commits*", Json(calls[1].Message).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_shows_the_same_list_as_plain_text_on_a_second_line()
    {
        var renderer = new ConsoleRenderer(new ManifestCatalog([Router]));
        var runs = new[] { new CheckRunSummary("ci", "completed", "success") };

        var text = renderer.Render(DecisionChanged.Of(null, Decision()) with { Changes = Changes(12, runs: runs) });

        var lines = text!.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("14:02:11 router staging→production 1111111 BLOCKED release-age:", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            "         12 commits: 000000c Change 12 (ana), 000000b Change 11 (ana), 000000a Change 10 (ana), 0000009 Change 9 (ana), "
            + "0000008 Change 8 (ana), 0000007 Change 7 (ana), 0000006 Change 6 (ana), 0000005 Change 5 (ana), 0000004 Change 4 (ana), "
            + $"0000003 Change 3 (ana) and 2 more · compare {CompareUrl} · checks: ci success",
            lines[1]);
        Assert.Single(renderer.Render(DecisionChanged.Of(null, Decision()))!.Split('\n'));
    }

    [Fact]
    public void The_change_list_survives_the_durable_queue_json()
    {
        var runs = new[] { new CheckRunSummary("ci", "in_progress", null) };
        DeployerEvent queued = DecisionChanged.Of(null, Decision()) with { Changes = Changes(14, runs: runs), PreviousChanges = Changes(2) };

        var json = JsonSerializer.Serialize(queued, Deployer.Bot.Store.StoreJson.Options);
        var back = Assert.IsType<DecisionChanged>(JsonSerializer.Deserialize<DeployerEvent>(json, Deployer.Bot.Store.StoreJson.Options));

        Assert.Equal((From, To, CompareUrl, 14, 4), (back.Changes!.From, back.Changes.To, back.Changes.CompareUrl, back.Changes.TotalCommits, back.Changes.More));
        Assert.Equal(((DecisionChanged)queued).Changes!.Commits, back.Changes.Commits);
        Assert.Equal(runs, back.Changes.CheckRuns);
        Assert.Equal(2, back.PreviousChanges!.TotalCommits);
    }
}
