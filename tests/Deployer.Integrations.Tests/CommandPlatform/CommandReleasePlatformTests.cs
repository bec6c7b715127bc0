using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.CommandPlatform;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.CommandPlatform;

/// <summary>Real <c>/bin/sh</c> scripts in a temp folder.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommandReleasePlatformTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("deployer-cmd-");
    private readonly ServiceProvider _services = IntegrationHost.Build(new Dictionary<string, string?>());

    public void Dispose()
    {
        _services.Dispose();
        _dir.Delete(recursive: true);
    }

    private IReleasePlatform Platform => _services.GetServices<IReleasePlatform>().Single(p => p.Kind == "command");

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string LogFile => Path.Combine(_dir.FullName, "calls.log");

    private string[] Log() => File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];

    private static PromotionRequest Promotion(ServiceManifest manifest, params string[] targets) =>
        new(manifest, "staging", "production", "a", new Release { Commit = "1111111aaaa", Version = 42 }, targets);

    [Fact]
    public async Task Current_runs_once_per_target_and_reads_its_json_release()
    {
        var current = Script("current.sh", $$"""
            echo "$DEPLOYER_TARGET" >> '{{LogFile}}'
            echo '{"version": 42, "commit": "abc1234def", "branch": "main", "createdAt": "2024-05-01T10:00:00Z", "id": "rel-42"}' | sed "s/abc1234def/abc1234-$DEPLOYER_TARGET/"
            """);

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current, targets: ["eu", "us"]), CancellationToken.None);

        Assert.Equal(["eu", "us"], Log().Order());
        var eu = snapshot.Get("eu").Release!;
        Assert.Equal("abc1234-eu", eu.Commit);
        Assert.Equal(42, eu.Version);
        Assert.Equal("main", eu.Branch);
        Assert.Equal("rel-42", eu.Id);
        Assert.Equal(ReleaseStatus.Succeeded, eu.Status);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), eu.CreatedAt);
        Assert.Equal("abc1234-us", snapshot.Get("us").Release!.Commit);
    }

    [Fact]
    public async Task A_status_in_the_json_is_kept()
    {
        var current = Script("current.sh", """echo '{"version": "7", "commit": "abc1234", "createdAt": "2024-05-01T10:00:00Z", "status": "pending"}'""");

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current), CancellationToken.None);

        Assert.Equal(ReleaseStatus.Pending, snapshot.Get("a").Release!.Status);
        Assert.Equal(7, snapshot.Get("a").Release!.Version);
    }

    [Fact]
    public async Task Bad_json_is_an_error_on_that_target()
    {
        var current = Script("current.sh", """
            if [ "$DEPLOYER_TARGET" = bad ]; then echo 'release 42 is running'; else echo '{"version": 1, "commit": "abc1234", "createdAt": "2024-05-01T10:00:00Z"}'; fi
            """);

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current, targets: ["good", "bad"]), CancellationToken.None);

        Assert.NotNull(snapshot.Get("good").Release);
        Assert.Null(snapshot.Get("bad").Release);
        Assert.StartsWith("command platform: current for bad: malformed JSON: ", snapshot.Get("bad").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_without_a_creation_time_is_an_error()
    {
        var current = Script("current.sh", """echo '{"version": 1, "commit": "abc1234"}'""");

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current), CancellationToken.None);

        Assert.Contains("createdAt", snapshot.Get("a").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_current_reports_its_exit_code_and_last_output_lines()
    {
        var current = Script("current.sh", """
            for i in 1 2 3 4 5 6 7; do echo "line $i"; done
            echo "error: no such app $DEPLOYER_TARGET" >&2
            exit 3
            """);

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current), CancellationToken.None);

        Assert.Equal("command platform: current for a exited with code 3: line 4 | line 5 | line 6 | line 7 | error: no such app a", snapshot.Get("a").Error);
    }

    [Fact]
    public async Task Stderr_lines_win_the_tail_over_earlier_stdout()
    {
        var current = Script("current.sh", """
            echo "fatal: token expired" >&2
            for i in 1 2 3 4 5 6 7 8 9; do echo "progress $i"; done
            exit 1
            """);

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current), CancellationToken.None);

        Assert.Equal("command platform: current for a exited with code 1: progress 6 | progress 7 | progress 8 | progress 9 | fatal: token expired", snapshot.Get("a").Error);
    }

    [Fact]
    public async Task A_hanging_command_is_killed_with_its_children_at_the_timeout()
    {
        var pidFile = Path.Combine(_dir.FullName, "child.pid");
        var current = Script("current.sh", $$"""
            sleep 30 &
            echo $! > '{{pidFile}}'
            echo "waiting for the deploy tool"
            wait
            """);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current, timeout: TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal("command platform: current for a timed out after 1s: waiting for the deploy tool", snapshot.Get("a").Error);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(
            () => !File.Exists($"/proc/{child}/stat") || File.ReadAllText($"/proc/{child}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal),
            $"child process {child} to be gone after the timeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Current_runs_in_the_manifest_folder()
    {
        Script("current.sh", """echo '{"version": 1, "commit": "abc1234", "createdAt": "2024-05-01T10:00:00Z"}'""");
        var manifest = Manifests.Command("./current.sh") with { SourceFile = Path.Combine(_dir.FullName, "router.json") };

        var snapshot = await Platform.GetSnapshotAsync(manifest, CancellationToken.None);

        Assert.Equal("abc1234", snapshot.Get("a").Release?.Commit);
    }

    [Fact]
    public async Task A_manifest_without_a_current_command_is_an_error_on_each_target()
    {
        var snapshot = await Platform.GetSnapshotAsync(Manifests.Command(current: ""), CancellationToken.None);

        Assert.Equal("command platform: router has no platform.current", snapshot.Get("a").Error);
    }

    [Fact]
    public async Task Promote_runs_once_per_target_with_the_release_in_the_environment()
    {
        var promote = Script("promote.sh", $$"""echo "$DEPLOYER_TARGET $DEPLOYER_COMMIT $DEPLOYER_VERSION $DEPLOYER_SOURCE" >> '{{LogFile}}'""");
        var manifest = Manifests.Command("true", promote);

        var result = await Platform.PromoteAsync(Promotion(manifest, "eu", "us"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["eu 1111111aaaa 42 a", "us 1111111aaaa 42 a"], Log());
        Assert.All(result.Targets, t => Assert.True(t.Succeeded));
    }

    [Fact]
    public async Task A_failing_promotion_gives_its_last_lines_and_stops_before_later_targets()
    {
        var promote = Script("promote.sh", $$"""
            echo "$DEPLOYER_TARGET" >> '{{LogFile}}'
            if [ "$DEPLOYER_TARGET" = us ]; then echo "deploying"; echo "health check failed on 2 of 3 dynos" >&2; exit 1; fi
            """);
        var manifest = Manifests.Command("true", promote);

        var result = await Platform.PromoteAsync(Promotion(manifest, "eu", "us", "ap"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("command platform: promote for us exited with code 1: deploying | health check failed on 2 of 3 dynos", result.Message);
        Assert.Equal(["eu", "us"], Log());
        Assert.Equal([true, false, false], result.Targets.Select(t => t.Succeeded));
        Assert.Equal("not attempted: an earlier target failed", result.Targets[2].Error);
    }

    [Fact]
    public async Task A_promotion_that_hangs_fails_at_the_timeout()
    {
        var promote = Script("promote.sh", "echo starting; sleep 30");
        var manifest = Manifests.Command("true", promote, TimeSpan.FromSeconds(1));

        var result = await Platform.PromoteAsync(Promotion(manifest, "eu"), _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("command platform: promote for eu timed out after 1s: starting", result.Message);
    }
}
