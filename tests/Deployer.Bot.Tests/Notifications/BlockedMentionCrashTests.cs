using Deployer.Bot.Store;
using Deployer.Bot.Tests.Scheduling;
using Deployer.Bot.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// The bot as a child process that dies (SIGKILL to itself, as kill -9) after recording a "blocked too long"
/// mention and before queueing it. The restarted bot mentions exactly once: the record and the event are one
/// transaction, so the crash kept neither; once made, no later cycle makes it again.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BlockedMentionCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Line = "stuck staging→production c001000 BLOCKED FOR";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_crash_while_recording_a_blocked_mention_mentions_once_after_the_restart()
    {
        Prepare();
        var crashed = await ChildBotRuns.CrashAtAsync(_dir.Path, Settings(), StoreFaults.BlockedNoticeSaved, output);
        Assert.DoesNotContain(Line, crashed, StringComparison.Ordinal);

        // Cycles run every 200 ms: more of them must not mention again.
        var restarted = await ChildBotRuns.RunUntilAsync(_dir.Path, Settings(), Line, "the mention after the restart", TimeSpan.FromSeconds(1), output);
        var line = Assert.Single(restarted.Split('\n'), l => l.Contains(Line, StringComparison.Ordinal));
        Assert.Contains("by integration-tests:", line, StringComparison.Ordinal);
        Assert.EndsWith("→ owners: U0ALICE01, @stuck-team", line.TrimEnd(), StringComparison.Ordinal);

        // And a third start finds the mention recorded: it says nothing more.
        var third = await ChildBot.StartAsync(_dir.Path, Settings());
        try
        {
            await Eventually.TrueAsync(() => third.Output.Contains("stuck staging→production", StringComparison.Ordinal) || third.Output.Contains("cycle", StringComparison.OrdinalIgnoreCase), "a cycle of the third start", TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(0, await third.StopAsync());
        }
        finally
        {
            output.WriteLine(third.Output);
            await third.DisposeAsync();
        }

        Assert.DoesNotContain(Line, third.Output, StringComparison.Ordinal);
        using var db = DeployerDatabase.Open(_dir.File("data/deployer.db"));
        Assert.Equal(1, db.GetCollection(LiteDbBlockedNoticeStore.CollectionName).Count());
        Assert.Equal(0, new LiteDbNotificationQueue(db).Depth);
    }

    private void Prepare()
    {
        var world = _dir.File("world");
        Directory.CreateDirectory(world);
        _dir.Write("world/stuck-staging.json", """{"version":1,"commit":"c0010000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        _dir.Write("world/stuck-production.json", """{"version":0,"commit":"c0000000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        var current = _dir.Write("manifests/current.sh", $"#!/bin/sh\ncat \"{world}/$DEPLOYER_TARGET.json\"\n");
        File.SetUnixFileMode(current, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // No test result ever arrives for the commit: integration-tests blocks for good, with nothing that clears it by itself.
        _dir.Write("manifests/stuck.json", """
            {
              "service": "stuck",
              "owners": ["U0ALICE01", "@stuck-team"],
              "slack": { "channel": "C0STUCK01" },
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./current.sh", "timeout": "30s" },
              "checks": { "integrationTests": { "suite": "direwolf", "minRuntime": "1m" } },
              "stages": [
                { "name": "staging", "targets": ["stuck-staging"] },
                { "name": "production", "targets": ["stuck-production"] }
              ]
            }
            """);
    }

    private static string[] Settings() => ChildBotRuns.Settings("--Engine:BlockedMentionAfter=00:00:01");

    public void Dispose() => _dir.Dispose();
}
