using System.Collections.Concurrent;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// The change lists of pending diffs, read once per (repository, downstream commit, upstream commit) and kept in a
/// bounded cache. A read starts as soon as a cycle sees the diff (alongside its checks) and runs on its own deadline;
/// it never throws and never holds up a promotion: an announcement that must not wait takes it only if it is already
/// there, and a failed read is remembered as "none" (the message shows the short shas) with a log line saying why.
/// </summary>
internal sealed class ChangeLists
{
    /// <summary>How many diffs are remembered; past it the oldest are forgotten first.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>How long a blocked or held decision's announcement waits for a read still under way (it shows on the next update otherwise).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly IManifestCatalog _catalog;
    private readonly IReadOnlyList<ICommitInfo> _sources;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<ChangeList?>>> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, byte> _announced = new(StringComparer.OrdinalIgnoreCase);

    public ChangeLists(IManifestCatalog catalog, IEnumerable<ICommitInfo> sources, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _sources = [.. sources];
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Diffs remembered now.</summary>
    public int Count => _entries.Count;

    /// <summary>Starts reading the change list of every pair of <paramref name="snapshot"/> that differs (a cache hit costs nothing).</summary>
    public void Prefetch(ServiceManifest manifest, PipelineSnapshot snapshot)
    {
        if (_sources.Count == 0)
        {
            return;
        }

        foreach (var (from, to) in manifest.Pairs())
        {
            var upstream = from.Targets.Select(snapshot.Get).Where(t => t.Release is not null).MaxBy(t => t.Release!.CreatedAt)?.Release;
            if (Range(upstream, to.Targets.Select(snapshot.Get)) is { } range)
            {
                Start(manifest, to.Name, range.From, range.To);
            }
        }
    }

    /// <summary>
    /// The change list of <paramref name="decision"/>'s diff, read if new. A promotion's announcements (promote,
    /// promoting, promoted, failed) take only what is already there, so a slow source never delays one; a blocked or
    /// held one waits up to <see cref="MaxWait"/>. Null when there is no diff, no source, or no answer (yet).
    /// </summary>
    public async Task<ChangeList?> ForAsync(PairDecision decision)
    {
        var wait = decision.Kind is DecisionKind.Blocked or DecisionKind.Held;
        if (_sources.Count == 0 || decision.Kind == DecisionKind.InSync
            || Range(decision.Upstream, decision.DownstreamTargets) is not { } range
            || _catalog.Find(decision.Service) is not { } manifest)
        {
            return null;
        }

        var key = Key(manifest, range.From, range.To);
        var entry = Start(manifest, decision.To, range.From, range.To);
        if (!entry.Value.IsCompleted && !wait)
        {
            return null;
        }

        var changes = await WithinWaitAsync(entry.Value);
        if (changes is not null && !_announced.TryAdd(key, 0) && changes.CheckRuns.Any(r => !r.Completed))
        {
            // Check runs still running when the diff was last announced may have ended since: read them again (not the commits).
            var refreshed = new Lazy<Task<ChangeList?>>(() => RefreshCheckRunsAsync(manifest, changes));
            if (_entries.TryUpdate(key, refreshed, entry) && wait)
            {
                return await WithinWaitAsync(refreshed.Value) ?? changes;
            }
        }

        return changes;
    }

    private async Task<ChangeList?> WithinWaitAsync(Task<ChangeList?> read)
    {
        try
        {
            return await read.WaitAsync(MaxWait, _time);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The change list of <paramref name="decision"/>'s diff if it was read already (never reads).</summary>
    public ChangeList? Cached(PairDecision? decision)
    {
        if (decision is null || decision.Kind == DecisionKind.InSync
            || Range(decision.Upstream, decision.DownstreamTargets) is not { } range
            || _catalog.Find(decision.Service) is not { } manifest)
        {
            return null;
        }

        return _entries.TryGetValue(Key(manifest, range.From, range.To), out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully
            ? entry.Value.Result
            : null;
    }

    /// <summary>The downstream commit (of the first target not running upstream's) and the upstream commit; null when in sync or unknown.</summary>
    public static (string From, string To)? Range(Release? upstream, IEnumerable<TargetState> downstream)
    {
        if (upstream is null)
        {
            return null;
        }

        var behind = downstream.Select(t => t.Release).FirstOrDefault(r => r is not null && !r.SameCommitAs(upstream));
        return behind is null ? null : (behind.Commit, upstream.Commit);
    }

    private static string Key(ServiceManifest manifest, string from, string to) =>
        $"{manifest.Repository ?? manifest.Service}|{from}|{to}".ToLowerInvariant();

    /// <summary>The entry of a diff, started if new: only the entry that wins a race is ever started (one read per diff).</summary>
    private Lazy<Task<ChangeList?>> Start(ServiceManifest manifest, string stage, string from, string to)
    {
        var key = Key(manifest, from, to);
        if (!_entries.TryGetValue(key, out var entry))
        {
            var mine = new Lazy<Task<ChangeList?>>(() => Task.Run(() => ReadAsync(manifest, stage, from, to)));
            entry = _entries.GetOrAdd(key, mine);
            if (ReferenceEquals(entry, mine))
            {
                _order.Enqueue(key);
                while (_entries.Count > MaxEntries && _order.TryDequeue(out var oldest))
                {
                    _entries.TryRemove(oldest, out _);
                _announced.TryRemove(oldest, out _);
                }
            }
        }

        _ = entry.Value;
        return entry;
    }

    private async Task<ChangeList?> ReadAsync(ServiceManifest manifest, string stage, string from, string to)
    {
        var what = $"{manifest.Service} {ChangeList.ShortSha(from)}...{ChangeList.ShortSha(to)}";
        try
        {
            foreach (var source in _sources)
            {
                if (await Deadline.WithinAsync(t => source.CompareAsync(manifest, from, to, t), _timeout, _time, CancellationToken.None) is not { } range)
                {
                    continue;
                }

                var runs = WantsCheckRuns(manifest, stage) ? await CheckRunsAsync(source, manifest, to, what) : null;
                return ChangeList.Of(from, to, range, runs);
            }

            _logger.LogInformation("No change list for {Diff}: no commit source knows these commits (no GitHub token, no repository, or unknown commits); the message shows the short shas", what);
            return null;
        }
        catch (Exception ex)
        {
            _logger.LogWarning("No change list for {Diff}: {Reason}; the message shows the short shas", what, ex.Message);
            return null;
        }
    }

    private async Task<ChangeList?> RefreshCheckRunsAsync(ServiceManifest manifest, ChangeList changes)
    {
        await Task.Yield();
        var what = $"{manifest.Service} {ChangeList.ShortSha(changes.To)}";
        foreach (var source in _sources)
        {
            if (await CheckRunsAsync(source, manifest, changes.To, what) is { } runs)
            {
                return changes with { CheckRuns = runs };
            }
        }

        return changes;
    }

    private async Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ICommitInfo source, ServiceManifest manifest, string commit, string what)
    {
        try
        {
            return await Deadline.WithinAsync(t => source.CheckRunsAsync(manifest, commit, t), _timeout, _time, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("No check runs for {Diff}: {Reason}; the change list goes without them", what, ex.Message);
            return null;
        }
    }

    /// <summary>Check runs are read for manifests that gate the stage on test results (they are what people look for).</summary>
    private static bool WantsCheckRuns(ServiceManifest manifest, string stage) =>
        manifest.Stages.FirstOrDefault(s => string.Equals(s.Name, stage, StringComparison.OrdinalIgnoreCase)) is { } spec
        && manifest.EffectiveChecks(spec).IntegrationTests is not null;
}
