using Deployer.Bot.Store;
using Deployer.Bot.Tests.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Decisions;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// The bot as a child process that dies (SIGKILL to itself, no cleanup, as kill -9) after writing a decision
/// and before queueing its announcement. The restarted bot must announce that decision exactly once: the two writes are
/// one transaction, so the crash kept neither, and the decision is new again to the next cycle.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AnnouncementCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Line = "crash staging→production c001000 BLOCKED release-age";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_crash_between_a_decision_and_its_announcement_loses_neither_and_announces_once()
    {
        Prepare();
        var crashed = await ChildBotRuns.CrashAtAsync(_dir.Path, Settings(), StoreFaults.DecisionSaved, output);
        Assert.DoesNotContain(Line, crashed, StringComparison.Ordinal);

        // Cycles run every 200 ms: a few more must not announce the unchanged decision again.
        var restarted = await ChildBotRuns.RunUntilAsync(_dir.Path, Settings(), Line, "the decision announced after the restart", TimeSpan.FromSeconds(1), output);
        Assert.Equal(1, Count(restarted, Line));
        using var db = DeployerDatabase.Open(_dir.File("data/deployer.db"));
        var stored = Assert.Single(await new LiteDbDecisionStore(db).GetAllAsync("crash", default));
        Assert.Equal(DecisionKind.Blocked, stored.Kind);
        Assert.Equal(0, new LiteDbNotificationQueue(db).Depth);
        // The decision's audit entry is written in the same transaction: the crash kept none, the restart wrote one.
        var decisions = (await new LiteDbAuditLog(db).QueryAsync("crash", 50, default)).Where(e => e.Kind == Deployer.Core.Audit.AuditKind.Decision).ToList();
        Assert.Single(decisions, e => e.Summary.Contains("BLOCKED", StringComparison.Ordinal));
    }

    private static int Count(string text, string line) => text.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal));

    private void Prepare()
    {
        var world = _dir.File("world");
        Directory.CreateDirectory(world);
        _dir.Write("world/crash-staging.json", """{"version":1,"commit":"c0010000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        _dir.Write("world/crash-production.json", """{"version":0,"commit":"c0000000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        var current = _dir.Write("manifests/current.sh", $"#!/bin/sh\ncat \"{world}/$DEPLOYER_TARGET.json\"\n");
        File.SetUnixFileMode(current, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Release age can never be met (the release is from 2026-01-01 + 1000 days): the pair stays blocked, one decision.
        _dir.Write("manifests/crash.json", """
            {
              "service": "crash",
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./current.sh", "timeout": "30s" },
              "checks": { "releaseAge": { "min": "1000d" } },
              "stages": [
                { "name": "staging", "targets": ["crash-staging"] },
                { "name": "production", "targets": ["crash-production"] }
              ]
            }
            """);
    }

    private static string[] Settings() => ChildBotRuns.Settings();

    public void Dispose() => _dir.Dispose();
}
