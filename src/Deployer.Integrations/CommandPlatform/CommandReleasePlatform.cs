using System.Globalization;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// <see cref="IReleasePlatform"/> <c>command</c>, for teams not on Heroku: the manifest's <c>platform.current</c> prints a
/// target's release as JSON, <c>platform.promote</c> deploys a commit to a target. Both run with <c>/bin/sh -c</c> in the
/// manifest's folder, once per target, each within <c>platform.timeout</c> (default 60s; the process tree is killed then).
/// </summary>
public sealed partial class CommandReleasePlatform : IReleasePlatform
{
    public const string PlatformKind = "command";
    internal const string System = "command platform";
    private const int MaxParallelReads = 4;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan AdoptionPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RunRetention = TimeSpan.FromDays(7);

    private readonly TimeProvider _time;
    private readonly string _runsPath;

    internal CommandReleasePlatform(TimeProvider timeProvider, string runsPath)
    {
        _time = timeProvider;
        _runsPath = Path.GetFullPath(runsPath);
    }

    public string Kind => PlatformKind;

    public async Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var targets = manifest.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var read = new List<TargetState>(targets.Count);
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                var state = await ReadAsync(manifest, target, ct);
                lock (read)
                {
                    read.Add(state);
                }
            });

        return new PipelineSnapshot(manifest.Service, read.ToDictionary(s => s.Target, StringComparer.OrdinalIgnoreCase), _time.GetUtcNow());
    }

    /// <summary>A promote script waits for its durable record before it runs (see <see cref="GatedPromoteRunner"/>).</summary>
    public bool UnrecordedPromotionsNeverStarted => true;

    /// <summary>
    /// Runs <c>platform.promote</c> for each target in order; stops at the first failure (later targets are not attempted).
    /// Each script's pid, start time and process group are recorded through <paramref name="recordExternalId"/> before
    /// the script may start, so a restart adopts a script still running instead of starting a second one.
    /// </summary>
    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        var manifest = request.Manifest;
        if (string.IsNullOrWhiteSpace(manifest.Platform.Promote))
        {
            return PromotionResult.Failure($"{System}: {manifest.Service} has no platform.promote", request.Targets);
        }

        PruneOldRuns();
        var record = new CommandRunRecord(Guid.NewGuid().ToString("N")[..16], []);
        var results = new List<TargetPromotionResult>(request.Targets.Count);
        string? failure = null;
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var target = request.Targets[i];
            if (failure is not null)
            {
                results.Add(new TargetPromotionResult(target, false, "not attempted: an earlier target failed"));
                continue;
            }

            var environment = Environment(manifest, target);
            environment["DEPLOYER_COMMIT"] = request.Release.Commit;
            environment["DEPLOYER_VERSION"] = request.Release.Version.ToString(CultureInfo.InvariantCulture);
            environment["DEPLOYER_SOURCE"] = request.SourceTarget;
            var run = await GatedPromoteRunner.RunAsync(
                manifest.Platform.Promote, environment, WorkingDirectory(manifest), Folder(record, i), Timeout(manifest), _time,
                async process =>
                {
                    record = record.With(target, process);
                    await recordExternalId(record.ToString());
                },
                cancellationToken);
            if (run.Succeeded)
            {
                results.Add(new TargetPromotionResult(target, true, null));
                continue;
            }

            var error = Describe("promote", target, run, manifest);
            results.Add(new TargetPromotionResult(target, false, error));
            failure = $"{System}: {error}";
        }

        return failure is null
            ? new PromotionResult(true, $"promoted {request.Release.ShortCommit} to {string.Join(", ", request.Targets)}", results)
            : new PromotionResult(false, failure, results);
    }

    /// <summary>
    /// After a restart: for each target whose script was recorded, waits while that very script (same pid and start time,
    /// or anything left in its process group) still runs, up to <c>platform.timeout</c>, then reads its exit code. Null
    /// when no recorded script ever started the command, which proves the promotion never began.
    /// </summary>
    public async Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(targets);
        if (!CommandRunRecord.TryParse(externalId, out var record))
        {
            return null;
        }

        var results = new List<TargetPromotionResult>(targets.Count);
        var anyStarted = false;
        string? failure = null;
        string? cutShort = null;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (failure is not null || cutShort is not null || record.Find(target) is not { } process)
            {
                results.Add(new TargetPromotionResult(target, false, failure is null ? "not attempted: the bot stopped before it" : "not attempted: an earlier target failed"));
                cutShort ??= failure is null ? $"{System}: the bot stopped before promoting {target}" : null;
                continue;
            }

            var folder = Folder(record, i);
            var timedOut = !await WaitWhileRunningAsync(process, Timeout(manifest), cancellationToken);
            if (timedOut)
            {
                await ProcessGroupKiller.KillAsync(process);
            }

            if (!folder.Started)
            {
                results.Add(new TargetPromotionResult(target, false, "not attempted: the bot stopped before it said go"));
                cutShort = $"{System}: promote for {target} never started";
                continue;
            }

            anyStarted = true;
            var run = new ShellResult(timedOut ? null : folder.ExitCode, timedOut, "", folder.Tail());
            if (run.Succeeded)
            {
                results.Add(new TargetPromotionResult(target, true, null));
                continue;
            }

            var error = run.TimedOut || run.ExitCode is not null
                ? Describe("promote", target, run, manifest)
                : $"promote for {target} ended without an exit code (killed?): {run.Tail}";
            results.Add(new TargetPromotionResult(target, false, error));
            failure = $"{System}: {error}";
        }

        if (!anyStarted)
        {
            return null;
        }

        return (failure, cutShort) switch
        {
            (null, null) => new PromotionResult(true, $"adopted run {record.RunId}: every target's script exited 0", results),
            (null, _) => new PromotionResult(false, $"adopted run {record.RunId}: {cutShort}", results) { Unfinished = true },
            _ => new PromotionResult(false, $"adopted run {record.RunId}: {failure}", results),
        };
    }

    /// <summary>True once the script and its group are gone; false when still running at the timeout.</summary>
    private async Task<bool> WaitWhileRunningAsync(ProcessIdentity process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (process.IsAlive || process.GroupIsAlive)
        {
            if (_time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(AdoptionPollInterval, _time, cancellationToken);
        }

        return true;
    }

    private CommandRunFolder Folder(CommandRunRecord record, int index) =>
        new(Path.Combine(_runsPath, record.RunId, index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Run folders are kept for a week (a restart reads them; people read the output).</summary>
    private void PruneOldRuns()
    {
        try
        {
            if (!Directory.Exists(_runsPath))
            {
                return;
            }

            var cutoff = _time.GetUtcNow() - RunRetention;
            foreach (var dir in new DirectoryInfo(_runsPath).EnumerateDirectories())
            {
                if (dir.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    dir.Delete(recursive: true);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Pruning is housekeeping; a promotion never fails for it.
        }
    }

    private async Task<TargetState> ReadAsync(ServiceManifest manifest, string target, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(manifest.Platform.Current))
        {
            return new TargetState(target, null, $"{System}: {manifest.Service} has no platform.current");
        }

        var run = await ShellRunner.RunAsync(manifest.Platform.Current, Environment(manifest, target), WorkingDirectory(manifest), Timeout(manifest), _time, cancellationToken);
        if (!run.Succeeded)
        {
            return new TargetState(target, null, $"{System}: {Describe("current", target, run, manifest)}");
        }

        try
        {
            var json = IntegrationHttp.ParseJson<CommandRelease>(run.StandardOutput, $"{System}: current for {target}", IntegrationJson.CamelCase);
            if (string.IsNullOrWhiteSpace(json.Commit))
            {
                return new TargetState(target, null, $"{System}: current for {target}: commit is empty");
            }

            if (ParseStatus(json.Status) is not { } status)
            {
                return new TargetState(target, null, $"{System}: current for {target}: unknown status '{json.Status}' (succeeded, pending or failed)");
            }

            return new TargetState(target, new Release
            {
                Id = json.Id ?? $"v{json.Version}",
                Version = json.Version,
                Commit = json.Commit.Trim(),
                Branch = json.Branch,
                CreatedAt = json.CreatedAt,
                Status = status,
                Description = json.Description,
            });
        }
        catch (IntegrationException ex)
        {
            return new TargetState(target, null, ex.Message);
        }
    }

    private static string Describe(string what, string target, ShellResult run, ServiceManifest manifest) => run.TimedOut
        ? $"{what} for {target} timed out after {IntegrationHttp.Format(Timeout(manifest))}: {run.Tail}"
        : $"{what} for {target} exited with code {run.ExitCode}: {run.Tail}";

    private static Dictionary<string, string> Environment(ServiceManifest manifest, string target) => new(StringComparer.Ordinal)
    {
        ["DEPLOYER_TARGET"] = target,
        ["DEPLOYER_SERVICE"] = manifest.Service,
    };

    private static TimeSpan Timeout(ServiceManifest manifest) =>
        manifest.Platform.Timeout is { } t && t > TimeSpan.Zero ? t : DefaultTimeout;

    /// <summary>The manifest's folder, so commands can be written relative to it; otherwise the bot's own.</summary>
    private static string? WorkingDirectory(ServiceManifest manifest) =>
        manifest.SourceFile is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir && Directory.Exists(dir) ? dir : null;

    private static ReleaseStatus? ParseStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" or "succeeded" or "success" => ReleaseStatus.Succeeded,
        "pending" => ReleaseStatus.Pending,
        "failed" => ReleaseStatus.Failed,
        _ => null,
    };
}
