using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Engine;

/// <summary>
/// The engine's memory of each pipeline between cycles: when it was last read, its last snapshot, and the gate that
/// lets one evaluation of a pipeline run at a time (a cycle's and a webhook's never overlap). Orders the sweep so that
/// nobody starves: pipelines never read first, then the least recently read, catalog order breaking ties.
/// </summary>
public sealed class PipelineSweep
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private DateTimeOffset? _firstSweepAt;

    public PipelineSweep(TimeProvider time) => _time = time;

    /// <summary>The order in which a sweep should try to read <paramref name="manifests"/>.</summary>
    public IReadOnlyList<ServiceManifest> Order(IReadOnlyList<ServiceManifest> manifests, Func<string, bool> isDirty)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(isDirty);
        _firstSweepAt ??= _time.GetUtcNow();
        return manifests
            .Select((m, i) => (Manifest: m, Index: i, Dirty: isDirty(m.Service), AttemptedAt: Peek(m.Service, e => e.AttemptedAt)))
            .OrderByDescending(x => x.Dirty)
            .ThenBy(x => x.AttemptedAt ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.Index)
            .Select(x => x.Manifest)
            .ToList();
    }

    /// <summary>Enters the pipeline's gate without waiting; false when another evaluation of it is running.</summary>
    public bool TryEnter(string service) => Get(service).Gate.Wait(0);

    /// <summary>Waits for the pipeline's gate.</summary>
    public Task EnterAsync(string service, CancellationToken cancellationToken) => Get(service).Gate.WaitAsync(cancellationToken);

    public void Exit(string service) => Get(service).Gate.Release();

    /// <summary>Remembers a read: a snapshot without errors is the pipeline's new freshest picture.</summary>
    public void Read(PipelineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var entry = Get(snapshot.Service);
        var now = _time.GetUtcNow();
        lock (entry)
        {
            entry.AttemptedAt = now;
            entry.Snapshot = snapshot;
            if (snapshot.Targets.Values.All(t => t.Error is null))
            {
                entry.FreshAt = now;
            }
        }
    }

    /// <summary>
    /// Lays a promotion's outcome over the last snapshot, so the next dirty evaluation (and status) does not see the old
    /// release there. Version 0 marks the release as inferred: any release the platform announces for it replaces it.
    /// </summary>
    public void Promoted(string service, IEnumerable<string> targets, Release release, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(release);
        var entry = Get(service);
        lock (entry)
        {
            if (entry.Snapshot is { } last)
            {
                entry.Snapshot = last.With(targets.Select(t => new TargetState(t, release with { Id = "", Version = 0 })), at);
            }
        }
    }

    /// <summary>The last snapshot read for <paramref name="service"/>, null before the first read.</summary>
    public PipelineSnapshot? Last(string service) => Peek(service, e => e.Snapshot);

    /// <summary>When <paramref name="service"/> was last read without error.</summary>
    public DateTimeOffset? FreshAt(string service) => Peek(service, e => e.FreshAt);

    /// <summary>
    /// How old the stalest picture among <paramref name="manifests"/> is: a pipeline never read well counts from the
    /// first sweep. Null before any sweep.
    /// </summary>
    public TimeSpan? OldestAge(IEnumerable<ServiceManifest> manifests, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        if (_firstSweepAt is not { } first)
        {
            return null;
        }

        var oldest = manifests.Select(m => FreshAt(m.Service) ?? first).DefaultIfEmpty(now).Min();
        return now - oldest;
    }

    /// <summary>Marks a pipeline changed (a webhook said so), with the release it announced when there is one.</summary>
    public void MarkDirty(string service, IAnnouncedRelease? announced)
    {
        var entry = Get(service);
        lock (entry)
        {
            entry.Dirty = true;
            if (announced is not null)
            {
                entry.Announced.Add(announced);
            }
        }
    }

    public bool IsDirty(string service)
    {
        if (!_entries.TryGetValue(service, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            return entry.Dirty;
        }
    }

    /// <summary>Clears the dirty mark and hands over what was announced since; null when the pipeline was not dirty.</summary>
    public IReadOnlyList<IAnnouncedRelease>? TakeDirty(string service)
    {
        var entry = Get(service);
        lock (entry)
        {
            if (!entry.Dirty)
            {
                return null;
            }

            var announced = entry.Announced.ToList();
            entry.Announced.Clear();
            entry.Dirty = false;
            return announced;
        }
    }

    /// <summary>One value of a pipeline's entry, read under its lock (DateTimeOffset? is too wide to read torn-free).</summary>
    private T? Peek<T>(string service, Func<Entry, T?> read)
    {
        if (!_entries.TryGetValue(service, out var entry))
        {
            return default;
        }

        lock (entry)
        {
            return read(entry);
        }
    }

    private Entry Get(string service) => _entries.GetOrAdd(service, _ => new Entry());

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset? AttemptedAt { get; set; }
        public DateTimeOffset? FreshAt { get; set; }
        public PipelineSnapshot? Snapshot { get; set; }
        public List<IAnnouncedRelease> Announced { get; } = [];
        public bool Dirty { get; set; }
    }
}
