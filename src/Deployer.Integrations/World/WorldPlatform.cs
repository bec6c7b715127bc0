using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>
/// <see cref="IReleasePlatform"/> (kind <c>world</c>) reading releases from the world file. A promotion lands in an
/// in-memory overlay; the overlay entry is dropped once the world file itself changes that target.
/// </summary>
public sealed class WorldPlatform(Func<WorldFile> world, TimeProvider timeProvider) : IReleasePlatform
{
    public const string PlatformKind = "world";

    private readonly Func<WorldFile> _world = world ?? throw new ArgumentNullException(nameof(world));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    private readonly Dictionary<string, (Release Promoted, Release? Replaced)> _overlay = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private int _promotions;

    public string Kind => PlatformKind;

    public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var releases = _world().Releases;
        var targets = new Dictionary<string, TargetState>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in manifest.Stages.SelectMany(s => s.Targets))
        {
            var release = Current(target, releases);
            targets[target] = release is null ? new TargetState(target, null, "no release") : new TargetState(target, release);
        }

        return Task.FromResult(new PipelineSnapshot(manifest.Service, targets, _time.GetUtcNow()));
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        var id = $"world-{Interlocked.Increment(ref _promotions)}";
        await recordExternalId(id);

        var releases = _world().Releases;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var target in request.Targets)
            {
                releases.TryGetValue(target, out var replaced);
                // A promotion creates a new release on the target, so its age starts now.
                _overlay[target] = (request.Release with { CreatedAt = now, Status = ReleaseStatus.Succeeded }, replaced);
            }
        }

        return PromotionResult.Success(request.Targets, $"promoted {request.Release.ShortCommit} to {string.Join(", ", request.Targets)} ({id})");
    }

    private Release? Current(string target, IReadOnlyDictionary<string, Release> releases)
    {
        releases.TryGetValue(target, out var inWorld);
        lock (_gate)
        {
            if (_overlay.TryGetValue(target, out var entry))
            {
                if (Equals(entry.Replaced, inWorld))
                {
                    return entry.Promoted;
                }

                _overlay.Remove(target);
            }
        }

        return inWorld;
    }
}
