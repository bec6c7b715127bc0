using System.Globalization;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Promotions;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Scheduling;

/// <summary>
/// The bot as a child process, killed with SIGKILL at each point of a promotion on the command platform, 20 times, and
/// restarted at once. The promote script records every run and any overlap. Wanted: no two runs ever overlap, no
/// commit's script runs twice, and a promotion is begun a second time only when its first run provably never started.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private const string Service = "crash";
    private readonly TempDir _dir = new();

    private string State(string target) => _dir.File($"world/{target}.json");

    private string RunsLog => _dir.File("world/runs.log");

    private string OverlapsLog => _dir.File("world/overlaps.log");

    [Fact]
    public async Task Killing_the_host_at_any_point_of_a_promotion_never_runs_a_started_script_twice_or_two_at_once()
    {
        Prepare();
        var random = new Random(13);
        var bot = await ChildBot.StartAsync(_dir.Path, Settings());
        var points = new Dictionary<string, int>();
        try
        {
            for (var i = 1; i <= Kills; i++)
            {
                var commit = Commit(i);
                WriteRelease("crash-staging", i, commit);
                // Kills while the script runs hold it until the restarted bot has been up a while (as a slow deploy
                // would), so a restart that does not adopt it would start a second run alongside.
                var hold = i % 5 is 1 or 2 or 3;
                if (!hold)
                {
                    ReleaseScript(commit);
                }

                var point = (i % 5) switch
                {
                    0 => await AfterDelayAsync(random.Next(0, 700)),
                    1 => await WhenRunFolderAppearsAsync(bot),
                    2 => await WhenLoggedAsync($"start {commit}", "script started"),
                    3 => await WhenLoggedAsync($"start {commit}", "mid-script", TimeSpan.FromMilliseconds(random.Next(100, 400))),
                    _ => await WhenLoggedAsync($"end {commit}", "script ended"),
                };
                points[point] = points.GetValueOrDefault(point) + 1;
                await bot.KillHardAsync();
                bot = await ChildBot.StartAsync(_dir.Path, Settings());
                if (hold)
                {
                    await Task.Delay(HoldAfterRestart);
                    ReleaseScript(commit);
                }

                await UntilAsync(() => ReadCommit("crash-production") == commit && Runs().Any(r => r == $"end {commit}"), $"{commit} promoted after kill {i}");
            }

            // The last kill came before its script ran, so this process promoted it itself; give it a moment to record that.
            await Task.Delay(1000);
            Assert.Equal(0, await bot.StopAsync());
        }
        catch
        {
            output.WriteLine(bot.Output);
            throw;
        }
        finally
        {
            await bot.DisposeAsync();
        }

        output.WriteLine($"kill points: {string.Join(", ", points.Select(p => $"{p.Key} ×{p.Value}"))}");
        Assert.False(File.Exists(OverlapsLog) && File.ReadAllText(OverlapsLog).Length > 0, $"overlapping runs: {(File.Exists(OverlapsLog) ? File.ReadAllText(OverlapsLog) : "")}");

        using var db = DeployerDatabase.Open(_dir.File("data/deployer.db"));
        var ledger = await new LiteDbPromotionLedger(db).GetRecentAsync(Service, 500, default);
        var audit = await new LiteDbAuditLog(db).QueryAsync(Service, 2000, default);
        var runs = Runs();
        for (var r = 0; r < runs.Count; r++)
        {
            Assert.StartsWith(r % 2 == 0 ? "start " : "end ", runs[r], StringComparison.Ordinal);
        }

        output.WriteLine(string.Join('\n', File.ReadAllLines(RunsLog)));
        output.WriteLine(string.Join('\n', audit.OrderBy(e => e.At).Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind} {e.Commit} {e.Summary}")));
        for (var i = 1; i <= Kills; i++)
        {
            Assert.True(runs.Count(r => r == $"start {Commit(i)}") == 1, $"{Commit(i)} (kill {i}) started {runs.Count(r => r == $"start {Commit(i)}")} times");
        }

        Assert.Equal(Commit(Kills), ReadCommit("crash-production"));

        Assert.DoesNotContain(ledger, p => p.Outcome == PromotionOutcome.Open);
        var reruns = 0;
        foreach (var group in ledger.GroupBy(p => p.Commit))
        {
            var ordered = group.OrderBy(p => p.StartedAt).ToList();
            Assert.True(ordered.Count <= 2, $"{group.Key} was begun {ordered.Count} times");
            if (ordered.Count == 2)
            {
                reruns++;
                Assert.Equal(PromotionOutcome.Abandoned, ordered[0].Outcome);
                Assert.Contains("no call was recorded as started", ordered[0].Message, StringComparison.Ordinal);
            }
        }

        var adopted = audit.Count(e => e.Kind == AuditKind.PromotionReconciled && e.Summary.Contains("adopted run", StringComparison.Ordinal));
        var reconciled = audit.Count(e => e.Kind == AuditKind.PromotionReconciled);
        output.WriteLine($"{Kills} kills: {ledger.Count} intents, {reconciled} reconciled after a restart ({adopted} by adopting a running or finished script), {reruns} begun again after provably not starting");
        Assert.True(adopted > 0, "no kill landed while a script ran");
    }

    /// <summary>Five cycles of the restarted bot: time enough to run the script again if it did not adopt the first.</summary>
    private static readonly TimeSpan HoldAfterRestart = TimeSpan.FromSeconds(1);

    private void ReleaseScript(string commit) => File.WriteAllText(_dir.File($"world/release-{commit}"), "");

    private static string Commit(int i) => $"c{i.ToString("D3", CultureInfo.InvariantCulture)}0000000ab";

    private static async Task<string> AfterDelayAsync(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return "early (0-700 ms after the new commit)";
    }

    /// <summary>Kills the moment the promote run's folder is created, just before its script is spawned and told go.</summary>
    private async Task<string> WhenRunFolderAppearsAsync(ChildBot bot)
    {
        var runs = _dir.File("data/command-runs");
        Directory.CreateDirectory(runs);
        using var watcher = new FileSystemWatcher(runs) { NotifyFilter = NotifyFilters.DirectoryName };
        var seen = new TaskCompletionSource();
        watcher.Created += (_, _) =>
        {
            bot.SignalKill();
            seen.TrySetResult();
        };
        watcher.EnableRaisingEvents = true;
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return "run folder created (before go)";
    }

    private async Task<string> WhenLoggedAsync(string line, string point, TimeSpan? after = null)
    {
        await UntilAsync(() => Runs().Contains(line), line);
        if (after is { } delay)
        {
            await Task.Delay(delay);
        }

        return point;
    }

    private static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(condition, what, TimeSpan.FromSeconds(60));

    private List<string> Runs() =>
        File.Exists(RunsLog) ? File.ReadAllLines(RunsLog).Select(l => string.Join(' ', l.Split(' ').Take(2))).ToList() : [];

    private string? ReadCommit(string target)
    {
        try
        {
            var text = File.ReadAllText(State(target));
            var start = text.IndexOf("\"commit\":\"", StringComparison.Ordinal) + 10;
            return text[start..text.IndexOf('"', start)];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void WriteRelease(string target, int version, string commit)
    {
        var json = $$"""{"version":{{version}},"commit":"{{commit}}","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""";
        File.WriteAllText(State(target) + ".tmp", json);
        File.Move(State(target) + ".tmp", State(target), overwrite: true);
    }

    private void Prepare()
    {
        Directory.CreateDirectory(_dir.File("world"));
        WriteRelease("crash-staging", 0, Commit(0));
        WriteRelease("crash-production", 0, Commit(0));
        var world = _dir.File("world");
        Script("current.sh", $"cat \"{world}/$DEPLOYER_TARGET.json\"");
        // mkdir is atomic: a second run while the first holds the lock is an overlap.
        Script("promote.sh", $$"""
            cd '{{world}}'
            if ! mkdir running.lock 2>/dev/null; then echo "overlap $DEPLOYER_COMMIT $$" >> overlaps.log; fi
            echo "start $DEPLOYER_COMMIT $$" >> runs.log
            echo "promoting $DEPLOYER_COMMIT to $DEPLOYER_TARGET"
            n=0; while [ ! -e "release-$DEPLOYER_COMMIT" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done
            printf '{"version":%s,"commit":"%s","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}' "$DEPLOYER_VERSION" "$DEPLOYER_COMMIT" > "$DEPLOYER_TARGET.json.tmp"
            mv -f "$DEPLOYER_TARGET.json.tmp" "$DEPLOYER_TARGET.json"
            echo "end $DEPLOYER_COMMIT $$" >> runs.log
            rmdir running.lock
            """);
        _dir.Write("manifests/crash.json", """
            {
              "service": "crash",
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./promote.sh", "timeout": "30s" },
              "stages": [
                { "name": "staging", "targets": ["crash-staging"] },
                { "name": "production", "targets": ["crash-production"] }
              ]
            }
            """);
    }

    private void Script(string name, string body)
    {
        var path = _dir.Write($"manifests/{name}", "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string[] Settings() =>
    [
        "--Urls=http://127.0.0.1:0",
        "--Manifests:Path=manifests",
        "--Store:Path=data/deployer.db",
        "--Engine:Interval=00:00:00.200",
        "--Local:WorldFile=",
        "--Local:Simulator:Enabled=false",
        "--ChatOps:ReadConsole=false",
        "--Logging:LogLevel:Default=Information",
    ];

    public void Dispose() => _dir.Dispose();
}
