using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.CommandPlatform;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.CommandPlatform;

/// <summary>
/// Promote scripts are recorded (pid, start time, process group) before they may run, and a restart adopts a script
/// still running instead of running a second one. Real <c>/bin/sh</c> scripts; the bot's death is played by a
/// record callback that throws or a cancelled token (the host-kill test is in Deployer.Bot.Tests).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommandPromoteAdoptionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("deployer-adopt-");
    private readonly ServiceProvider _services;

    public CommandPromoteAdoptionTests() =>
        _services = IntegrationHost.Build(new Dictionary<string, string?> { ["CommandPlatform:RunsPath"] = Path.Combine(_dir.FullName, "runs") });

    public void Dispose()
    {
        _services.Dispose();
        _dir.Delete(recursive: true);
    }

    private IReleasePlatform Platform => _services.GetServices<IReleasePlatform>().Single(p => p.Kind == "command");

    private string LogFile => Path.Combine(_dir.FullName, "calls.log");

    private string[] Log() => File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];

    private ServiceManifest Manifest(string body, TimeSpan? timeout = null)
    {
        var path = Path.Combine(_dir.FullName, "promote.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Manifests.Command("true", path, timeout ?? TimeSpan.FromSeconds(30));
    }

    private static PromotionRequest Promotion(ServiceManifest manifest, params string[] targets) =>
        new(manifest, "staging", "production", "a", new Release { Commit = "1111111aaaa", Version = 42 }, targets);

    [Fact]
    public async Task The_script_is_recorded_with_pid_start_time_and_its_own_process_group_before_it_runs()
    {
        var manifest = Manifest($"echo \"$DEPLOYER_TARGET $$ $(cut -d' ' -f5 /proc/$$/stat)\" >> '{LogFile}'");
        var recorded = new List<string>();
        var logAtRecord = new List<int>();

        var result = await Platform.PromoteAsync(Promotion(manifest, "eu", "us"), id =>
        {
            recorded.Add(id);
            logAtRecord.Add(Log().Length);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([0, 1], logAtRecord); // each record was written before its script ran
        Assert.True(CommandRunRecord.TryParse(recorded[^1], out var record));
        Assert.Equal(["eu", "us"], record.Started.Select(s => s.Target));
        Assert.All(record.Started, s => Assert.Equal(s.Process.Pid, s.Process.Group));
        Assert.All(record.Started, s => Assert.True(s.Process.StartTime > 0));
        var ownGroup = Environment.ProcessId;
        var lines = Log().Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(lines, l => Assert.NotEqual(ownGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), l[2]));
    }

    [Fact]
    public async Task A_bot_that_dies_before_its_record_is_written_never_runs_the_script_and_resume_says_so()
    {
        var manifest = Manifest($"echo ran >> '{LogFile}'");
        string? recorded = null;

        await Assert.ThrowsAsync<IOException>(() => Platform.PromoteAsync(Promotion(manifest, "eu"), id =>
        {
            recorded = id;
            throw new IOException("store gone");
        }, CancellationToken.None));

        await Task.Delay(300); // give a (wrongly) started script the time to write
        Assert.Empty(Log());
        Assert.Null(await Platform.ResumeAsync(manifest, recorded!, ["eu"], CancellationToken.None));
    }

    [Fact]
    public async Task A_restart_adopts_a_script_still_running_and_reads_its_exit_code_instead_of_running_it_again()
    {
        var manifest = Manifest($"""
            echo "start $DEPLOYER_TARGET" >> '{LogFile}'
            sleep 1
            echo "deploying (stdout is a file, so this survives the bot)"
            echo "end $DEPLOYER_TARGET" >> '{LogFile}'
            """);
        string? recorded = null;
        using var shutdown = new CancellationTokenSource();

        var first = Platform.PromoteAsync(Promotion(manifest, "eu", "us"), id =>
        {
            recorded = id;
            return Task.CompletedTask;
        }, shutdown.Token);
        while (Log().Length == 0)
        {
            await Task.Delay(20);
        }

        await shutdown.CancelAsync(); // the bot goes away mid-script; the script keeps running
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var resumed = await Platform.ResumeAsync(manifest, recorded!, ["eu", "us"], CancellationToken.None);

        Assert.NotNull(resumed);
        Assert.Equal(["start eu", "end eu"], Log()); // adopted: ran once, waited for; us was never started
        Assert.False(resumed.Succeeded);
        Assert.True(resumed.Unfinished); // nothing failed: the next cycle may promote us
        Assert.True(resumed.Targets[0].Succeeded);
        Assert.Equal("not attempted: the bot stopped before it", resumed.Targets[1].Error);
    }

    [Fact]
    public async Task An_adopted_script_that_fails_reports_its_exit_code_and_last_lines()
    {
        var manifest = Manifest($"""
            echo "start" >> '{LogFile}'
            sleep 0.5
            echo "dyno crashed" >&2
            exit 3
            """);
        string? recorded = null;
        using var shutdown = new CancellationTokenSource();
        var first = Platform.PromoteAsync(Promotion(manifest, "eu"), id => { recorded = id; return Task.CompletedTask; }, shutdown.Token);
        while (Log().Length == 0)
        {
            await Task.Delay(20);
        }

        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var resumed = await Platform.ResumeAsync(manifest, recorded!, ["eu"], CancellationToken.None);

        Assert.NotNull(resumed);
        Assert.False(resumed.Succeeded);
        Assert.Contains("promote for eu exited with code 3: dyno crashed", resumed.Message, StringComparison.Ordinal);
    }
}
