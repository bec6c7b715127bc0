using System.Globalization;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using LiteDB;

namespace Deployer.Integrations.Local;

/// <summary>
/// The built-in platform (kind <c>local</c>): targets and releases live in the bot's own LiteDB file, and a promotion
/// copies the upstream release to the downstream targets. A pipeline seen for the first time is seeded so the first
/// cycle has work: every stage gets its own commit, the first stage's <see cref="SeedAge"/> old and each later stage an
/// hour older, with passing tests, so every pair promotes at once and the pipelines then move in step.
/// <see cref="ForWorld"/> serves <c>plan --world</c> instead: the world file's releases, nothing invented.
/// </summary>
public sealed class LocalPlatform : IReleasePlatform
{
    public const string PlatformKind = "local";

    /// <summary>How old the seeded release of a pipeline's first stage is (longer than any sample bake time).</summary>
    public static readonly TimeSpan SeedAge = TimeSpan.FromMinutes(10);

    private readonly ILiteCollection<LocalTargetDocument> _targets;
    private readonly ILiteCollection<LocalCommitDocument> _commits;
    private readonly ILiteCollection<LocalPromotionDocument> _promotions;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private bool _seeds = true;

    public LocalPlatform(LiteDatabase database, TimeProvider time, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _random = random ?? Random.Shared;
        _targets = database.GetCollection<LocalTargetDocument>("local_targets");
        _targets.EnsureIndex(t => t.Service);
        _commits = database.GetCollection<LocalCommitDocument>("local_commits");
        _commits.EnsureIndex(c => c.ShortCommit);
        _promotions = database.GetCollection<LocalPromotionDocument>("local_promotions");
    }

    public string Kind => PlatformKind;

    /// <summary>
    /// The platform of a world file (<c>plan --world</c>): the targets run exactly the world's <paramref name="releases"/>,
    /// a target it does not list has no release, and no pipeline is seeded.
    /// </summary>
    public static LocalPlatform ForWorld(LiteDatabase database, TimeProvider time, IEnumerable<ServiceManifest> manifests, IReadOnlyDictionary<string, Release> releases)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(releases);
        var platform = new LocalPlatform(database, time) { _seeds = false };
        foreach (var manifest in manifests)
        {
            foreach (var target in manifest.Stages.SelectMany(s => s.Targets))
            {
                if (releases.TryGetValue(target, out var release))
                {
                    platform.Put(manifest.Service, target, release);
                }
            }
        }

        return platform;
    }

    public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var targets = new Dictionary<string, TargetState>(StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            Seed(manifest);
            foreach (var target in manifest.Stages.SelectMany(s => s.Targets))
            {
                var document = _targets.FindById(target.ToLowerInvariant());
                targets[target] = document is null ? new TargetState(target, null, "no release") : new TargetState(target, ToRelease(document));
            }
        }

        return Task.FromResult(new PipelineSnapshot(manifest.Service, targets, _time.GetUtcNow()));
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        var id = $"local-{Guid.NewGuid():N}"[..18];
        await recordExternalId(id);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var target in request.Targets)
            {
                // A promotion is a new, successful release on the target, so its bake time starts now.
                Put(request.Manifest.Service, target, request.Release with { CreatedAt = now, Status = ReleaseStatus.Succeeded, Description = $"promoted from {request.SourceTarget}" });
            }

            _promotions.Insert(new LocalPromotionDocument { Id = id, Commit = request.Release.Commit, Targets = [.. request.Targets], AtTicks = now.UtcTicks });
        }

        return PromotionResult.Success(request.Targets, $"promoted {request.Release.ShortCommit} to {string.Join(", ", request.Targets)} ({id})");
    }

    /// <summary>The promotion is a write in this process's own store: it cannot outlive the process.</summary>
    public bool UnrecordedPromotionsNeverStarted => true;

    public Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        var done = _promotions.FindById(externalId);
        return Task.FromResult(done is null ? null : PromotionResult.Success(targets, $"promoted {done.Commit[..Math.Min(7, done.Commit.Length)]} ({externalId})"));
    }

    public string? CannotRollBack(ServiceManifest manifest) => null;

    /// <summary>Puts each target's previous release back, as a write in the same store (so, like a promotion, exactly once).</summary>
    public async Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        var id = $"local-rb-{Guid.NewGuid():N}"[..21];
        await recordExternalId(id);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var previous in request.Targets)
            {
                Put(request.Manifest.Service, previous.Target, new Release
                {
                    Id = previous.ReleaseId,
                    Version = previous.Version,
                    Commit = previous.Commit,
                    Branch = FindCommit(previous.Commit)?.Branch ?? request.Manifest.Branch,
                    CreatedAt = now,
                    Description = $"rolled back to {previous.ReleaseId}",
                });
            }

            _promotions.Insert(new LocalPromotionDocument { Id = id, Commit = request.Targets[0].Commit, Targets = [.. request.TargetNames], AtTicks = now.UtcTicks });
        }

        var to = string.Join(", ", request.Targets.Select(t => $"{t.Target} on {t.ShortCommit} ({t.ReleaseId})"));
        return PromotionResult.Success(request.TargetNames, $"rolled back {to} ({id})");
    }

    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var done = _promotions.FindById(externalId);
        return Task.FromResult(done is null ? null : PromotionResult.Success(plan.TargetNames, $"rolled back ({externalId})"));
    }

    /// <summary>Lands <paramref name="release"/> on every target of the pipeline's first stage and records its CI run.</summary>
    internal void Land(ServiceManifest manifest, Release release, bool testsPass, DateTimeOffset testsDoneAt)
    {
        lock (_gate)
        {
            Seed(manifest);
            var parent = _targets.FindById(manifest.Stages[0].Targets[0].ToLowerInvariant())?.Commit;
            foreach (var target in manifest.Stages[0].Targets)
            {
                Put(manifest.Service, target, release);
            }

            RecordCommit(manifest.Service, release, parent, testsPass, testsDoneAt);
        }
    }

    /// <summary>The highest version running anywhere in the pipeline.</summary>
    internal long MaxVersion(ServiceManifest manifest)
    {
        var service = manifest.Service;
        return _targets.Find(t => t.Service == service).Select(t => t.Version).DefaultIfEmpty(0).Max();
    }

    internal LocalCommitDocument? FindCommit(string commit)
    {
        if (commit.Length < 7)
        {
            return null;
        }

        var shortCommit = commit[..7].ToLowerInvariant();
        return _commits.Find(c => c.ShortCommit == shortCommit).FirstOrDefault(c => Release.CommitsMatch(c.Id, commit));
    }

    /// <summary>A random 40-character commit sha.</summary>
    internal string NewCommit()
    {
        Span<byte> bytes = stackalloc byte[20];
        lock (_random)
        {
            _random.NextBytes(bytes);
        }

        return Convert.ToHexStringLower(bytes);
    }

    private void Seed(ServiceManifest manifest)
    {
        if (!_seeds)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var seeded = new List<Release>();
        for (var k = 0; k < manifest.Stages.Count; k++)
        {
            var stage = manifest.Stages[k];
            var existing = stage.Targets.Select(t => _targets.FindById(t.ToLowerInvariant())).OfType<LocalTargetDocument>().ToList();
            if (existing.Count == stage.Targets.Count)
            {
                continue;
            }

            var release = existing.Count > 0 ? ToRelease(existing[0]) : SeedRelease(manifest, k, now);
            if (existing.Count == 0)
            {
                seeded.Add(release);
            }

            foreach (var target in stage.Targets.Where(t => existing.All(e => !string.Equals(e.Target, t, StringComparison.OrdinalIgnoreCase))))
            {
                Put(manifest.Service, target, release);
            }
        }

        // Oldest first, so each stage's seed follows the one downstream of it in the simulated history.
        string? parent = null;
        foreach (var release in seeded.OrderBy(r => r.CreatedAt))
        {
            RecordCommit(manifest.Service, release, parent, testsPass: true, testsDoneAt: release.CreatedAt);
            parent = release.Commit;
        }
    }

    private Release SeedRelease(ServiceManifest manifest, int stageIndex, DateTimeOffset now)
    {
        var createdAt = now - SeedAge - TimeSpan.FromHours(stageIndex);
        var version = 10L * (manifest.Stages.Count - stageIndex);
        var release = new Release
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"v{version}"),
            Version = version,
            Commit = NewCommit(),
            Branch = manifest.Branch,
            CreatedAt = createdAt,
            Description = "seeded",
        };
        return release;
    }

    private void RecordCommit(string service, Release release, string? parent, bool testsPass, DateTimeOffset testsDoneAt) =>
        LocalCommitHistory.Record(_commits, service, release, parent, testsPass, testsDoneAt);

    /// <summary>The commit <paramref name="commit"/> (full, any case) exactly, or null.</summary>
    internal LocalCommitDocument? GetCommit(string commit) => _commits.FindById(commit.ToLowerInvariant());

    private void Put(string service, string target, Release release) =>
        _targets.Upsert(new LocalTargetDocument
        {
            Id = target.ToLowerInvariant(),
            Target = target,
            Service = service,
            ReleaseId = release.Id,
            Version = release.Version,
            Commit = release.Commit,
            Branch = release.Branch,
            CreatedAtTicks = release.CreatedAt.UtcTicks,
            Status = release.Status,
            Description = release.Description,
        });

    private static Release ToRelease(LocalTargetDocument d) => new()
    {
        Id = d.ReleaseId,
        Version = d.Version,
        Commit = d.Commit,
        Branch = d.Branch,
        CreatedAt = new DateTimeOffset(d.CreatedAtTicks, TimeSpan.Zero),
        Status = d.Status,
        Description = d.Description,
    };
}
