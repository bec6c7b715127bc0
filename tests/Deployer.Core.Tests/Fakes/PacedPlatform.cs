using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Fakes;

/// <summary>A platform with a read budget: <see cref="Allowance"/> sweep reads until refilled; reads are logged by service.</summary>
public sealed class PacedPlatform(FakePlatform inner) : IReleasePlatform, IReadPacer
{
    public const string PlatformKind = "paced";
    private int _allowance = int.MaxValue;

    public string Kind => PlatformKind;

    public FakePlatform Inner => inner;

    /// <summary>Services in the order their pipelines were read.</summary>
    public ConcurrentQueue<string> Reads { get; } = new();

    /// <summary>How many more sweep reads the budget allows.</summary>
    public int Allowance
    {
        get => Volatile.Read(ref _allowance);
        set => Volatile.Write(ref _allowance, value);
    }

    public int Refused { get; private set; }

    public bool TryAcquireSweepRead(ServiceManifest manifest)
    {
        if (Interlocked.Decrement(ref _allowance) >= 0)
        {
            return true;
        }

        Interlocked.Increment(ref _allowance);
        Refused++;
        return false;
    }

    public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        Reads.Enqueue(manifest.Service);
        return inner.GetSnapshotAsync(manifest, cancellationToken);
    }

    public Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken) =>
        inner.PromoteAsync(request, recordExternalId, cancellationToken);
}
