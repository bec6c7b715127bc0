using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Testing;

/// <summary>
/// An in-memory platform: settable releases per target, counted calls, optional failures and gates. Without a
/// <see cref="TimeProvider"/> snapshots are taken at the Unix epoch and promotions copy the release as it is; with one,
/// snapshots are taken now and promoted targets get the release created now (as a live platform would).
/// </summary>
public sealed class FakePlatform(string kind = "fake", TimeProvider? time = null) : IReleasePlatform
{
    private readonly ConcurrentDictionary<string, TargetState> _targets = new(StringComparer.OrdinalIgnoreCase);
    private int _snapshotCalls;
    private int _inFlight;
    private int _maxInFlight;

    public string Kind { get; } = kind;

    public int SnapshotCalls => _snapshotCalls;
    public int MaxConcurrentSnapshots => _maxInFlight;
    public ConcurrentQueue<PromotionRequest> Promotions { get; } = new();
    public int PromoteCalls => Promotions.Count;

    /// <summary>Thrown by every snapshot read (by service), to play a platform that is down.</summary>
    public ConcurrentDictionary<string, Exception> SnapshotFailures { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, every snapshot read waits for it (to hold reads in flight).</summary>
    public Func<Task>? SnapshotGate { get; set; }

    /// <summary>Decides each promotion; default: succeed and make the targets run the release.</summary>
    public Func<PromotionRequest, CancellationToken, Task<PromotionResult>>? OnPromote { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>The external id recorded for each promotion (overrides <see cref="ExternalId"/>).</summary>
    public Func<PromotionRequest, string>? ExternalIdOf { get; set; }

    /// <summary>The message of a default (successful) promotion; null: the result's default.</summary>
    public Func<PromotionRequest, string>? SuccessMessage { get; set; }

    /// <summary>Plays an in-process platform by default; false plays one whose unrecorded calls may still run (Heroku).</summary>
    public bool UnrecordedPromotionsNeverStarted { get; set; } = true;

    public Func<string, PromotionResult?>? OnResume { get; set; }

    public FakePlatform Set(string target, Release? release, string? error = null)
    {
        _targets[target] = new TargetState(target, release, error);
        return this;
    }

    /// <summary>Sets <paramref name="target"/> to run <paramref name="commit"/> as release v<paramref name="version"/>, created <paramref name="age"/> ago.</summary>
    public FakePlatform Set(string target, string commit, long version, TimeSpan age) =>
        Set(target, new Release { Id = $"r{version}", Commit = commit, Version = version, CreatedAt = Now - age });

    public Release? Current(string target) => _targets.TryGetValue(target, out var t) ? t.Release : null;

    public async Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _snapshotCalls);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (SnapshotGate is { } gate)
            {
                await gate();
            }

            if (SnapshotFailures.TryGetValue(manifest.Service, out var failure))
            {
                throw failure;
            }

            var targets = manifest.Stages.SelectMany(s => s.Targets)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(t => t, t => _targets.TryGetValue(t, out var s) ? s : new TargetState(t, null), StringComparer.OrdinalIgnoreCase);
            return new PipelineSnapshot(manifest.Service, targets, Now);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        Promotions.Enqueue(request);
        if ((ExternalIdOf?.Invoke(request) ?? ExternalId) is { } id)
        {
            await recordExternalId(id);
        }

        if (OnPromote is { } decide)
        {
            return await decide(request, cancellationToken);
        }

        foreach (var target in request.Targets)
        {
            Set(target, time is null ? request.Release : request.Release with { CreatedAt = time.GetUtcNow() });
        }

        return SuccessMessage is { } describe ? PromotionResult.Success(request.Targets, describe(request)) : PromotionResult.Success(request.Targets);
    }

    /// <summary>Every rollback asked for, in order.</summary>
    public ConcurrentQueue<RollbackPlan> Rollbacks { get; } = new();

    /// <summary>Why rollbacks are refused (null, the default: this platform can roll back).</summary>
    public string? RollbackRefusal { get; set; }

    /// <summary>Decides each rollback; default: succeed and make each target run its previous release.</summary>
    public Func<RollbackPlan, CancellationToken, Task<PromotionResult>>? OnRollback { get; set; }

    public Func<string, PromotionResult?>? OnResumeRollback { get; set; }

    public string? CannotRollBack(ServiceManifest manifest) => RollbackRefusal;

    public async Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        Rollbacks.Enqueue(request);
        if (ExternalId is { } id)
        {
            await recordExternalId(id);
        }

        if (OnRollback is { } decide)
        {
            return await decide(request, cancellationToken);
        }

        foreach (var previous in request.Targets)
        {
            Set(previous.Target, new Release { Id = previous.ReleaseId, Commit = previous.Commit, Version = previous.Version, CreatedAt = Now });
        }

        return PromotionResult.Success(request.TargetNames, "rolled back");
    }

    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken) =>
        Task.FromResult(OnResumeRollback?.Invoke(externalId));

    public Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        Task.FromResult(OnResume?.Invoke(externalId));

    private DateTimeOffset Now => time?.GetUtcNow() ?? DateTimeOffset.UnixEpoch;

    private static void InterlockedMax(ref int location, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, seen) != seen)
        {
        }
    }
}
