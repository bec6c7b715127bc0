using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Tests.Support;

/// <summary>
/// Wraps a platform: snapshots can be slowed down (and their overlap measured), and a promotion can be made to carry
/// out the change and then never return, as if the process died before hearing the outcome.
/// </summary>
internal sealed class ProbePlatform(IReleasePlatform inner) : IReleasePlatform
{
    private int _inSnapshot;
    private int _maxConcurrentSnapshots;
    private int _promotions;
    private int _rollbacks;

    public TimeSpan SnapshotDelay { get; set; }
    public bool HangAfterPromoting { get; set; }
    public bool HangBeforePromoting { get; set; }
    public TaskCompletionSource PromotionStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int MaxConcurrentSnapshots => Volatile.Read(ref _maxConcurrentSnapshots);
    public int Promotions => Volatile.Read(ref _promotions);
    public bool HangAfterRollingBack { get; set; }
    public bool HangBeforeRollingBack { get; set; }
    public TaskCompletionSource RollbackStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Rollbacks => Volatile.Read(ref _rollbacks);

    public string Kind => inner.Kind;

    public bool UnrecordedPromotionsNeverStarted => inner.UnrecordedPromotionsNeverStarted;

    public async Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inSnapshot);
        InterlockedMax(ref _maxConcurrentSnapshots, now);
        try
        {
            if (SnapshotDelay > TimeSpan.Zero)
            {
                await Task.Delay(SnapshotDelay, CancellationToken.None);
            }

            return await inner.GetSnapshotAsync(manifest, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inSnapshot);
        }
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _promotions);
        if (HangBeforePromoting)
        {
            PromotionStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        var result = await inner.PromoteAsync(request, recordExternalId, cancellationToken);
        if (HangAfterPromoting)
        {
            PromotionStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        return result;
    }

    public Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        inner.ResumeAsync(manifest, externalId, targets, cancellationToken);

    public string? CannotRollBack(ServiceManifest manifest) => inner.CannotRollBack(manifest);

    public async Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _rollbacks);
        if (HangBeforeRollingBack)
        {
            RollbackStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        var result = await inner.RollbackAsync(request, recordExternalId, cancellationToken);
        if (HangAfterRollingBack)
        {
            RollbackStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        return result;
    }

    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken) =>
        inner.ResumeRollbackAsync(manifest, externalId, plan, cancellationToken);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
