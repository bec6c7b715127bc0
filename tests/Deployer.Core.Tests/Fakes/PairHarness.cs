using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>
/// One staging → production pair of <c>router</c>, evaluated by <see cref="PipelineEvaluator"/> with only the checks a
/// test names. Staging runs <see cref="Rel.B"/> (2h old), production <see cref="Rel.A"/>; every source answers.
/// </summary>
public sealed class PairHarness
{
    /// <summary>Wednesday 2026-06-10 14:20 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 10, 14, 20, 0, TimeSpan.Zero);

    public PairHarness(DateTimeOffset? start = null)
    {
        Time = new TimerAwareTimeProvider(start ?? Now);
        var now = Time.GetUtcNow();
        Platform.Set("router-staging", Rel.Of(Rel.B, now.AddHours(-2), 2));
        Platform.Set("router-production", Rel.Of(Rel.A, now.AddDays(-1), 1));
    }

    public TimerAwareTimeProvider Time { get; }
    public FakePlatform Platform { get; } = new();
    public FakeAlertSource Alerts { get; } = new();
    public FakeIncidentSource Incidents { get; } = new();
    public FakeTestResults Tests { get; } = new();
    public FakeCommitInfo Commits { get; } = new();
    public ManifestBuilder Manifest { get; set; } = ManifestBuilder.TwoStage("router");
    public List<Hold> Holds { get; } = [];
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool HasAlertSource { get; set; } = true;
    public bool HasIncidentSource { get; set; } = true;
    public bool HasTestResults { get; set; } = true;
    public bool HasCommitInfo { get; set; } = true;
    public string? HoldsUnreadable { get; set; }

    /// <summary>The decision for the last pair of the manifest, with only <paramref name="checks"/> (all checks when none).</summary>
    public async Task<PairDecision> DecideAsync(params ICheck[] checks)
    {
        var manifest = Manifest.Build();
        var sources = new CycleSources(
            [manifest],
            HasAlertSource ? [Alerts] : [],
            HasIncidentSource ? [Incidents] : [],
            HasTestResults ? Tests : null,
            HasCommitInfo ? Commits : null,
            CancellationToken.None);
        var snapshot = await Platform.GetSnapshotAsync(manifest, CancellationToken.None);
        var evaluator = new PipelineEvaluator(CheckTimeout, Time, checks.Length == 0 ? null : checks);
        var (from, to) = manifest.Pairs().Last();
        return await evaluator.EvaluatePairAsync(manifest, from, to, snapshot, Holds, sources, Time.GetUtcNow(), CancellationToken.None, HoldsUnreadable);
    }

    /// <summary>The single result of <paramref name="check"/> in <paramref name="decision"/>.</summary>
    public static CheckResult Only(PairDecision decision, string check) => Assert.Single(decision.Checks, c => c.Check == check);
}
