using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>A <see cref="PromotionEngine"/> over in-memory fakes, on a fake clock.</summary>
public sealed class EngineHarness
{
    /// <summary>Wednesday 2026-06-10 14:20 UTC.</summary>
    public static readonly DateTimeOffset Now = PairHarness.Now;

    private PromotionEngine? _engine;

    public TimerAwareTimeProvider Time { get; } = new(Now);
    public FakePlatform Platform { get; } = new();
    public List<IReleasePlatform> OtherPlatforms { get; } = [];
    public FakeAlertSource Alerts { get; } = new();
    public FakeIncidentSource Incidents { get; } = new();
    public FakeTestResults Tests { get; } = new();
    public FakeCommitInfo Commits { get; } = new();
    public InMemoryHoldStore Holds { get; } = new();
    public InMemoryAuditLog Audit { get; } = new();
    public IPromotionLedger Ledger { get; set; }
    public InMemoryDecisionStore Decisions { get; }
    public RecordingPublisher Notifier { get; } = new();
    public InMemoryVerificationStore Verifications { get; } = new();
    public InMemoryBlockedNoticeStore BlockedNotices { get; } = new();
    public Deployer.Core.Ports.IStageRollback? Rollback { get; set; }
    public List<ServiceManifest> Manifests { get; } = [];
    public EngineOptions Options { get; } = new()
    {
        CheckTimeout = TimeSpan.FromSeconds(10),
        SnapshotTimeout = TimeSpan.FromSeconds(30),
        PromotionTimeout = TimeSpan.FromMinutes(15),
        MaxParallelism = 4,
    };

    public EngineHarness()
    {
        Ledger = new InMemoryLedger(Audit);
        Decisions = new InMemoryDecisionStore(Audit);
    }

    public InMemoryLedger MemoryLedger => (InMemoryLedger)Ledger;

    public PromotionEngine Engine => _engine ??= new PromotionEngine(
        new InMemoryCatalog(Manifests),
        new PlatformRegistry([Platform, .. OtherPlatforms]),
        new EngineSources([Alerts], [Incidents], [Tests], [Commits]),
        State,
        Options,
        Time);

    public EngineState State => new(Holds, Ledger, Decisions, Audit, Notifier, Verifications, Rollback, BlockedNotices);

    /// <summary>Rollbacks over the same stores, platform and clock as <see cref="Engine"/>.</summary>
    public Deployer.Core.Rollback.StageRollback StageRollback => new(new InMemoryCatalog(Manifests), new PlatformRegistry([Platform, .. OtherPlatforms]), State, Options, Time);

    public EngineHarness Add(ServiceManifest manifest)
    {
        Manifests.Add(manifest);
        return this;
    }

    /// <summary>Adds a staging → production pipeline with staging on <paramref name="upstream"/> (aged <paramref name="age"/>) and production on <paramref name="downstream"/>.</summary>
    public ServiceManifest TwoStage(string service, string upstream, string downstream, TimeSpan age, Func<ManifestBuilder, ManifestBuilder>? shape = null)
    {
        var manifest = (shape ?? (b => b))(ManifestBuilder.TwoStage(service)).Build();
        Platform.Set($"{service}-staging", Rel.Of(upstream, Time.GetUtcNow() - age, 2));
        Platform.Set($"{service}-production", Rel.Of(downstream, Time.GetUtcNow().AddDays(-3), 1));
        Manifests.Add(manifest);
        return manifest;
    }

    public Task<CycleReport> CycleAsync() => Engine.RunCycleAsync(CancellationToken.None);
}
