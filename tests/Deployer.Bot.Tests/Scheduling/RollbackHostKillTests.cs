using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Promotions;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Scheduling;

/// <summary>
/// The bot as a child process, killed (SIGKILL, by its own rollback script) between a rollback's intent and its outcome.
/// The restarted bot adopts the script's run instead of starting it again, and records the rollback as done.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RollbackHostKillTests(ITestOutputHelper output) : IDisposable
{
    private const string Old = "c0000000000ab";
    private const string New = "c0010000000ab";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_kill_mid_rollback_is_settled_after_the_restart_without_running_the_rollback_again()
    {
        Prepare();
        var bot = await ChildBot.StartTypedAsync(_dir.Path, Settings());
        int code;
        try
        {
            _dir.Write("bot.pid", bot.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Eventually.TrueAsync(() => bot.Output.Contains($"crash staging→production {New[..7]} PROMOTED", StringComparison.Ordinal), "the promotion", TimeSpan.FromSeconds(60));

            await bot.TypeAsync("rollback crash production bad release");
            code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            output.WriteLine(bot.Output);
            await bot.DisposeAsync();
        }

        Assert.NotEqual(0, code);
        Assert.Contains($"ROLLING BACK {New[..7]} → {Old[..7]}", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ROLLED BACK", bot.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => File.ReadAllText(_dir.File("world/crash-production.json")).Contains(Old, StringComparison.Ordinal), "the orphaned script finishing");

        var restarted = await ChildBot.StartAsync(_dir.Path, Settings());
        try
        {
            await Eventually.TrueAsync(() => restarted.Output.Contains($"ROLLED BACK to {Old[..7]} (was {New[..7]}) after a restart", StringComparison.Ordinal), "the rollback settled after the restart", TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(0, await restarted.StopAsync());
        }
        finally
        {
            output.WriteLine(restarted.Output);
            await restarted.DisposeAsync();
        }

        Assert.Equal([$"crash-production {Old} rel-0"], File.ReadAllLines(_dir.File("rollbacks.log")));
        Assert.Equal(["crash-production"], File.ReadAllLines(_dir.File("promotions.log")));
        using var db = DeployerDatabase.Open(_dir.File("data/deployer.db"));
        var rollback = Assert.Single(await new LiteDbPromotionLedger(db).GetRecentAsync("crash", 10, default), i => i.Kind == IntentKind.Rollback);
        Assert.Equal(PromotionOutcome.Succeeded, rollback.Outcome);
        Assert.Contains("resumed", rollback.Message, StringComparison.Ordinal);
    }

    private void Prepare()
    {
        var world = _dir.File("world");
        Directory.CreateDirectory(world);
        _dir.Write("world/crash-staging.json", $$"""{"version":1,"id":"rel-1","commit":"{{New}}","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        _dir.Write("world/crash-production.json", $$"""{"version":0,"id":"rel-0","commit":"{{Old}}","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        Executable("manifests/current.sh", $"cat \"{world}/$DEPLOYER_TARGET.json\"");
        Executable("manifests/promote.sh", $"echo \"$DEPLOYER_TARGET\" >> \"{_dir.File("promotions.log")}\"\ncp \"{world}/$DEPLOYER_SOURCE.json\" \"{world}/$DEPLOYER_TARGET.json\"");

        // The rollback kills the bot (as kill -9 would), then finishes its work as an orphan.
        Executable("manifests/rollback.sh", $$"""
            echo "$DEPLOYER_TARGET $DEPLOYER_COMMIT $DEPLOYER_RELEASE" >> "{{_dir.File("rollbacks.log")}}"
            kill -9 "$(cat "{{_dir.File("bot.pid")}}")"
            sleep 1
            printf '{"version":%s,"id":"%s","commit":"%s","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}' "$DEPLOYER_VERSION" "$DEPLOYER_RELEASE" "$DEPLOYER_COMMIT" > "{{world}}/$DEPLOYER_TARGET.json"
            """);
        _dir.Write("manifests/crash.json", """
            {
              "service": "crash",
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./promote.sh", "rollback": "./rollback.sh", "timeout": "30s" },
              "checks": { "releaseAge": { "min": "1s" } },
              "stages": [
                { "name": "staging", "targets": ["crash-staging"] },
                { "name": "production", "targets": ["crash-production"] }
              ]
            }
            """);
    }

    private void Executable(string path, string body)
    {
        var file = _dir.Write(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string[] Settings() =>
    [
        "--Urls=http://127.0.0.1:0",
        "--Manifests:Path=manifests",
        "--Store:Path=data/deployer.db",
        "--Engine:Interval=00:00:00.200",
        "--Local:WorldFile=",
        "--Local:Simulator:Enabled=false",
    ];

    public void Dispose() => _dir.Dispose();
}
