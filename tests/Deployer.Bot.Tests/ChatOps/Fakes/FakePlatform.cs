using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>Targets and their releases in memory; promotions copy the release.</summary>
internal sealed class FakePlatform(TimeProvider time) : IReleasePlatform
{
    public ConcurrentDictionary<string, Release> Releases { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? FailWith { get; set; }

    public string Kind => "local";

    public void Set(string target, string commit, long version, TimeSpan age) =>
        Releases[target] = new Release { Id = $"r{version}", Commit = commit, Version = version, CreatedAt = time.GetUtcNow() - age };

    public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        var targets = manifest.Stages.SelectMany(s => s.Targets).ToDictionary(
            t => t, t => new TargetState(t, Releases.GetValueOrDefault(t)), StringComparer.OrdinalIgnoreCase);
        return Task.FromResult(new PipelineSnapshot(manifest.Service, targets, time.GetUtcNow()));
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        await recordExternalId($"promo-{request.Release.Version}");
        if (FailWith is { } error)
        {
            return PromotionResult.Failure(error, request.Targets);
        }

        foreach (var target in request.Targets)
        {
            Releases[target] = request.Release with { CreatedAt = time.GetUtcNow() };
        }

        return PromotionResult.Success(request.Targets, $"released v{request.Release.Version} to {string.Join(", ", request.Targets)}");
    }
}
