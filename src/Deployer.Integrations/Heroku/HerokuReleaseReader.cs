using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Reads releases into target states: a pipeline's with one <c>latest-releases</c> call (app-by-app for targets the
/// answer lacks), one app's newest, or a release object already in hand; the commit comes from the cached slug.
/// </summary>
internal sealed class HerokuReleaseReader(HerokuApi api, HerokuOptions options)
{
    /// <summary>One latest-releases call for the pipeline, mapped to targets by app id or name; per-app reads for the rest.</summary>
    public async Task<IReadOnlyList<TargetState>> ReadPipelineAsync(ServiceManifest manifest, List<string> targets, CancellationToken cancellationToken)
    {
        var byApp = new Dictionary<string, HerokuRelease>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(manifest.Platform.Pipeline))
        {
            IReadOnlyList<HerokuRelease> latest;
            try
            {
                latest = await api.GetPipelineLatestReleasesAsync(manifest.Platform.Pipeline, cancellationToken);
            }
            catch (IntegrationException ex)
            {
                // The pipeline's read failed: every target carries the error, each pair is blocked (fail closed).
                return targets.Select(t => new TargetState(t, null, ex.Message)).ToList();
            }

            foreach (var release in latest)
            {
                foreach (var key in new[] { release.App?.Id, release.App?.Name })
                {
                    if (key is { Length: > 0 } && (!byApp.TryGetValue(key, out var seen) || seen.Version < release.Version))
                    {
                        byApp[key] = release;
                    }
                }
            }
        }

        var read = new List<TargetState>(targets.Count);
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelReads), CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                var state = Lookup(byApp, target) is { } release
                    ? await ToStateAsync(target, release, ct)
                    : await ReadTargetAsync(target, ct);
                lock (read)
                {
                    read.Add(state);
                }
            });
        return read;
    }

    private HerokuRelease? Lookup(Dictionary<string, HerokuRelease> byApp, string target) =>
        byApp.TryGetValue(target, out var release) ? release
        : api.KnownAppId(target) is { } id && byApp.TryGetValue(id, out release) ? release
        : null;

    public async Task<TargetState> ReadTargetAsync(string target, CancellationToken cancellationToken)
    {
        try
        {
            var release = await api.GetLatestReleaseAsync(target, cancellationToken);
            return release is null
                ? new TargetState(target, null, $"{HerokuApi.System}: {target} has no releases")
                : await ToStateAsync(target, release, cancellationToken);
        }
        catch (IntegrationException ex)
        {
            return new TargetState(target, null, ex.Message);
        }
    }

    /// <summary>A release object as a target state: its commit comes from its slug (cached; a slug never changes).</summary>
    public async Task<TargetState> ToStateAsync(string target, HerokuRelease release, CancellationToken cancellationToken)
    {
        try
        {
            if (release.Slug?.Id is not { Length: > 0 } slugId)
            {
                return new TargetState(target, null, $"{HerokuApi.System}: {target} release v{release.Version} has no slug");
            }

            var slug = await api.GetSlugAsync(target, slugId, cancellationToken);
            if (string.IsNullOrWhiteSpace(slug.Commit))
            {
                return new TargetState(target, null, $"{HerokuApi.System}: {target} release v{release.Version} has no commit (slug {slugId} was not built from git)");
            }

            if (ParseStatus(release.Status) is not { } status)
            {
                return new TargetState(target, null, $"{HerokuApi.System}: {target} release v{release.Version} has unknown status '{release.Status}'");
            }

            return new TargetState(target, new Release
            {
                Id = release.Id,
                Version = release.Version,
                Commit = slug.Commit,
                CreatedAt = release.CreatedAt,
                Status = status,
                Description = release.Description ?? slug.CommitDescription,
            });
        }
        catch (IntegrationException ex)
        {
            return new TargetState(target, null, ex.Message);
        }
    }

    private static ReleaseStatus? ParseStatus(string status) => status.ToLowerInvariant() switch
    {
        "succeeded" => ReleaseStatus.Succeeded,
        "pending" => ReleaseStatus.Pending,
        "failed" => ReleaseStatus.Failed,
        _ => null,
    };
}
