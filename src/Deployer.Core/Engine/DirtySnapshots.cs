using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Engine;

/// <summary>Reads a pipeline for the sweep, or builds a dirty pipeline's snapshot from what a platform announced.</summary>
internal sealed class DirtySnapshots(SnapshotReader snapshots, PipelineSweep sweep, EngineOptions options, TimeProvider time)
{
    /// <summary>A full read, remembered by the sweep.</summary>
    public async Task<PipelineSnapshot> ReadAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.ReadAsync(manifest, cancellationToken);
        sweep.Read(snapshot);
        return snapshot;
    }

    /// <summary>The last snapshot with the announced releases laid over it; a full read when there is no last snapshot or nothing announced.</summary>
    public async Task<PipelineSnapshot> SnapshotAsync(ServiceManifest manifest, IReadOnlyList<IAnnouncedRelease> announced, CancellationToken cancellationToken)
    {
        if (sweep.Last(manifest.Service) is not { } last || announced.Count == 0)
        {
            return await ReadAsync(manifest, cancellationToken);
        }

        var updates = await Task.WhenAll(announced.Select(a => ResolveAsync(a, cancellationToken)));
        var snapshot = last.With(updates, time.GetUtcNow());
        sweep.Read(snapshot);
        return snapshot;
    }

    private async Task<TargetState> ResolveAsync(IAnnouncedRelease announced, CancellationToken cancellationToken)
    {
        try
        {
            return await Deadline.WithinAsync(announced.ResolveAsync, options.SnapshotTimeout, time, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only a read that failed blocks: the pair waits, fail closed, until the next read.
            var message = ex is OperationCanceledException or TimeoutException ? $"no answer within {Reasons.Duration(options.SnapshotTimeout)}" : ex.Message;
            return new TargetState(announced.Target, null, message);
        }
    }
}
