using System.Collections.Concurrent;
using System.Diagnostics;

namespace Deployer.Benchmarks;

/// <summary>
/// Per-release promotion lag for <c>heroku-budget</c>: from the moment a build lands on a pipeline's first stage to the
/// moment the last downstream app runs its slug, as the fake Heroku sees it. One release per pipeline is in flight at a
/// time (the scenario lands the next only once the last is through), so none is superseded.
/// </summary>
public sealed class ReleaseLagTracker
{
    private readonly ConcurrentDictionary<string, Tracked> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<Tracked> _all = [];

    public int Pending => _pending.Count;

    public int Landed => _all.Count;

    public bool IsPending(FakePipeline pipeline) => _pending.ContainsKey(pipeline.Id);

    public void Land(FakePipeline pipeline, string slug, bool webhook)
    {
        var tracked = new Tracked(pipeline, slug, webhook, Stopwatch.GetTimestamp());
        _pending[pipeline.Id] = tracked;
        _all.Add(tracked);
    }

    /// <summary>A promotion completed on the pipeline: its release is through once every downstream app runs the slug.</summary>
    public void Promoted(FakePipeline pipeline)
    {
        if (_pending.TryGetValue(pipeline.Id, out var tracked) && pipeline.Downstream(tracked.Slug))
        {
            tracked.DoneAt = Stopwatch.GetTimestamp();
            _pending.TryRemove(new KeyValuePair<string, Tracked>(pipeline.Id, tracked));
        }
    }

    /// <summary>
    /// Lags in seconds of the webhook-announced (or silent) releases. A release not through yet counts with its age
    /// now: a lower bound, so the percentiles never look better than they were.
    /// </summary>
    public (Percentiles Lags, int Count, int Unpromoted) Summary(bool webhook)
    {
        var now = Stopwatch.GetTimestamp();
        var mine = _all.Where(t => t.Webhook == webhook).ToList();
        var lags = mine.Select(t => Stopwatch.GetElapsedTime(t.LandedAt, t.DoneAt ?? now).TotalSeconds);
        return (new Percentiles(lags), mine.Count, mine.Count(t => t.DoneAt is null));
    }

    private sealed record Tracked(FakePipeline Pipeline, string Slug, bool Webhook, long LandedAt)
    {
        public long? DoneAt { get; set; }
    }
}
