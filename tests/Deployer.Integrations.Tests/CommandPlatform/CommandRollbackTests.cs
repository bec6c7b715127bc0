using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.CommandPlatform;

/// <summary><c>platform.rollback</c> with real <c>/bin/sh</c> scripts in a temp folder.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommandRollbackTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("deployer-cmd-rb-");
    private readonly ServiceProvider _services = IntegrationHost.Build(new Dictionary<string, string?>());

    public void Dispose()
    {
        _services.Dispose();
        _dir.Delete(recursive: true);
    }

    private IReleasePlatform Platform => _services.GetServices<IReleasePlatform>().Single(p => p.Kind == "command");

    private string LogFile => Path.Combine(_dir.FullName, "calls.log");

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private ServiceManifest Manifest(string? rollback) =>
        Manifests.Command(Script("current.sh", "echo '{}'"), Script("promote.sh", "exit 0"), targets: ["eu", "us"]) is var m
            ? m with { Platform = m.Platform with { Rollback = rollback } }
            : throw new InvalidOperationException();

    private static RollbackPlan Plan(ServiceManifest manifest) => new(manifest, "staging",
    [
        new PreviousRelease("eu", "rel-41", "41d0e2c0ffee41d0e2c0ffee", 41),
        new PreviousRelease("us", "rel-40", "30aa1bc0ffee30aa1bc0ffee", 40),
    ]);

    [Fact]
    public async Task Runs_the_rollback_command_per_target_with_the_commit_and_release_to_return_to()
    {
        var rollback = Script("rollback.sh", $"""echo "$DEPLOYER_TARGET $DEPLOYER_COMMIT $DEPLOYER_RELEASE $DEPLOYER_VERSION" >> '{LogFile}'""");
        var manifest = Manifest(rollback);
        var recorded = new List<string>();

        var result = await Platform.RollbackAsync(Plan(manifest), id => { recorded.Add(id); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Null(Platform.CannotRollBack(manifest));
        Assert.Equal(["eu 41d0e2c0ffee41d0e2c0ffee rel-41 41", "us 30aa1bc0ffee30aa1bc0ffee rel-40 40"], File.ReadAllLines(LogFile));
        Assert.Equal(2, recorded.Count);
        Assert.Contains("eu to 41d0e2c (rel-41)", result.Message);
    }

    [Fact]
    public async Task A_failing_rollback_command_fails_its_target_and_stops()
    {
        var rollback = Script("rollback.sh", $"""echo "$DEPLOYER_TARGET" >> '{LogFile}'; echo "no such release $DEPLOYER_RELEASE" >&2; exit 3""");

        var result = await Platform.RollbackAsync(Plan(Manifest(rollback)), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("rollback for eu exited with code 3", result.Message);
        Assert.Contains("no such release rel-41", result.Message);
        Assert.Equal("not attempted: an earlier target failed", result.Targets[1].Error);
        Assert.Equal(["eu"], File.ReadAllLines(LogFile));
    }

    [Fact]
    public async Task Without_platform_rollback_rollbacks_are_refused_and_nothing_runs()
    {
        var manifest = Manifest(null);

        var cannot = Platform.CannotRollBack(manifest);
        var result = await Platform.RollbackAsync(Plan(manifest), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal("router has no platform.rollback command; add one to its manifest, or return the targets by hand", cannot);
        Assert.False(result.Succeeded);
        Assert.False(File.Exists(LogFile));
    }

    [Fact]
    public async Task A_recorded_rollback_run_is_read_back_after_a_restart_without_running_again()
    {
        var rollback = Script("rollback.sh", $"""echo "$DEPLOYER_TARGET" >> '{LogFile}'""");
        var manifest = Manifest(rollback);
        string? last = null;
        await Platform.RollbackAsync(Plan(manifest), id => { last = id; return Task.CompletedTask; }, CancellationToken.None);

        var resumed = await Platform.ResumeRollbackAsync(manifest, last!, Plan(manifest), CancellationToken.None);

        Assert.True(resumed!.Succeeded, resumed.Message);
        Assert.Equal(["eu", "us"], File.ReadAllLines(LogFile));
    }
}
