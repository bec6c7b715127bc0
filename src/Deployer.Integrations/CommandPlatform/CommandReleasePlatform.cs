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
public sealed class CommandReleasePlatform : IReleasePlatform
{
    public const string PlatformKind = "command";
    internal const string System = "command platform";
    private const int MaxParallelReads = 4;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;

    internal CommandReleasePlatform(TimeProvider timeProvider) => _time = timeProvider;

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

    /// <summary>Runs <c>platform.promote</c> for each target in order; stops at the first failure (later targets are not attempted).</summary>
    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = request.Manifest;
        if (string.IsNullOrWhiteSpace(manifest.Platform.Promote))
        {
            return PromotionResult.Failure($"{System}: {manifest.Service} has no platform.promote", request.Targets);
        }

        var results = new List<TargetPromotionResult>(request.Targets.Count);
        string? failure = null;
        foreach (var target in request.Targets)
        {
            if (failure is not null)
            {
                results.Add(new TargetPromotionResult(target, false, "not attempted: an earlier target failed"));
                continue;
            }

            var environment = Environment(manifest, target);
            environment["DEPLOYER_COMMIT"] = request.Release.Commit;
            environment["DEPLOYER_VERSION"] = request.Release.Version.ToString(CultureInfo.InvariantCulture);
            environment["DEPLOYER_SOURCE"] = request.SourceTarget;
            var run = await ShellRunner.RunAsync(manifest.Platform.Promote, environment, WorkingDirectory(manifest), Timeout(manifest), _time, cancellationToken);
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
