using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// Reads a pipeline's snapshot within <see cref="EngineOptions.SnapshotTimeout"/>. A platform that fails or does not
/// answer gives a snapshot whose every target carries the error, so each pair is blocked as Unknown (fail closed).
/// </summary>
internal sealed class SnapshotReader(IPlatformRegistry platforms, EngineOptions options, TimeProvider time, ILogger logger)
{
    public async Task<PipelineSnapshot> ReadAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            return await Deadline.WithinAsync(
                t => platforms.For(manifest).GetSnapshotAsync(manifest, t), options.SnapshotTimeout, time, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var message = ex is OperationCanceledException ? $"no answer within {Reasons.Duration(options.SnapshotTimeout)}" : ex.Message;
            logger.LogWarning("Cannot read {Service}'s pipeline: {Error}", manifest.Service, message);
            var targets = manifest.Stages.SelectMany(s => s.Targets)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(t => t, t => new TargetState(t, null, message), StringComparer.OrdinalIgnoreCase);
            return new PipelineSnapshot(manifest.Service, targets, time.GetUtcNow());
        }
    }
}
