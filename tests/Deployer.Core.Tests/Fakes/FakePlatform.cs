using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Fakes;

/// <summary>An in-memory platform: settable releases per target, counted calls, optional failures and gates.</summary>
public sealed class FakePlatform(string kind = "fake") : IReleasePlatform
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

    /// <summary>Plays an in-process platform by default; false plays one whose unrecorded calls may still run (Heroku).</summary>
    public bool UnrecordedPromotionsNeverStarted { get; set; } = true;

    public Func<string, PromotionResult?>? OnResume { get; set; }

    public FakePlatform Set(string target, Release? release, string? error = null)
    {
        _targets[target] = new TargetState(target, release, error);
        return this;
    }

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
            return new PipelineSnapshot(manifest.Service, targets, DateTimeOffset.UnixEpoch);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        Promotions.Enqueue(request);
        if (ExternalId is { } id)
        {
            await recordExternalId(id);
        }

        if (OnPromote is { } decide)
        {
            return await decide(request, cancellationToken);
        }

        foreach (var target in request.Targets)
        {
            Set(target, request.Release);
        }

        return PromotionResult.Success(request.Targets);
    }

    public Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        Task.FromResult(OnResume?.Invoke(externalId));

    private static void InterlockedMax(ref int location, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, seen) != seen)
        {
        }
    }
}
