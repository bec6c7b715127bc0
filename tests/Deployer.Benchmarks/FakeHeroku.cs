using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Deployer.Core.Manifests;
using Microsoft.AspNetCore.Http;

namespace Deployer.Benchmarks;

/// <summary>
/// The Heroku Platform API part of the fakes (<c>/heroku/…</c>): apps, their newest release, slugs, pipelines
/// (<c>GET /pipelines/{id-or-name}</c>, <c>/latest-releases</c>, <c>/pipeline-couplings</c>) and pipeline promotions,
/// which copy the source app's slug onto the targets as new releases (at once, or after <see cref="PromotionDelay"/>).
/// Every answer carries <c>RateLimit-Remaining</c>; with a <see cref="Bucket"/> the budget is enforced (429 when empty).
/// </summary>
public sealed class FakeHeroku
{
    private readonly ConcurrentDictionary<string, FakeHerokuApp> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _idToName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakePipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _slugCommits = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Promotion> _promotions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _firstRead = new(StringComparer.OrdinalIgnoreCase);
    private readonly Action<string, HttpRequest> _count;
    private readonly DateTimeOffset _epoch;
    private int _promotionSeq;
    private long _rateLimited;

    public FakeHeroku(DateTimeOffset epoch, Action<string, HttpRequest> count)
    {
        _epoch = epoch;
        _count = count;
    }

    /// <summary>When set, every call takes a token and an empty bucket answers 429 (Heroku's rate limit).</summary>
    public FakeTokenBucket? Bucket { get; set; }

    /// <summary>How long a promotion stays pending before its targets run the source's slug (zero: at once).</summary>
    public TimeSpan PromotionDelay { get; set; }

    /// <summary>Raised when an app gets a new release: (pipeline, app, release JSON with <c>app</c>, from a promotion).</summary>
    public event Action<FakePipeline, FakeHerokuApp, string, bool>? Released;

    /// <summary>429s answered so far.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>How many pipelines have had their latest releases read at least once.</summary>
    public int PipelinesRead => _firstRead.Count;

    /// <summary>Whether the pipeline's latest releases were read at least once.</summary>
    public bool WasRead(FakePipeline pipeline) => _firstRead.ContainsKey(pipeline.Id);

    public IReadOnlyCollection<FakePipeline> Pipelines => [.. _pipelines.Values.Distinct()];

    public FakePipeline Pipeline(string idOrName) => _pipelines[idOrName];

    /// <summary>
    /// Every target runs its service's commit 0, except that every <paramref name="diffEvery"/>-th pipeline (0: none)
    /// has commit 1 on its first stage.
    /// </summary>
    public void LoadWorld(IEnumerable<ServiceManifest> manifests, int diffEvery)
    {
        foreach (var m in manifests)
        {
            var index = int.TryParse(m.Service.AsSpan(m.Service.LastIndexOf('-') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var pipeline = new FakePipeline(m.Platform.Pipeline ?? ManifestGenerator.DeterministicGuid("pipeline:" + m.Service).ToString(), m.Service, index);
            for (var s = 0; s < m.Stages.Count; s++)
            {
                var gen = s == 0 && diffEvery > 0 && index % diffEvery == 0 ? 1 : 0;
                var stage = new List<FakeHerokuApp>();
                foreach (var target in m.Stages[s].Targets)
                {
                    var slug = ManifestGenerator.DeterministicGuid($"slug:{m.Service}:{gen}").ToString();
                    _slugCommits[slug] = ManifestGenerator.Sha($"{m.Service}:{gen}");
                    var app = new FakeHerokuApp(target, ManifestGenerator.DeterministicGuid("app:" + target).ToString(), m.Stages[s].Name, slug, 10 + gen, _epoch.AddDays(-1).AddMinutes(gen));
                    _apps[target] = app;
                    _idToName[app.Id] = target;
                    stage.Add(app);
                }

                pipeline.Stages.Add(stage);
            }

            _pipelines[pipeline.Id] = pipeline;
            _pipelines[pipeline.Name] = pipeline;
        }
    }

    /// <summary>A new build lands on the pipeline's first stage (what a merge to main does): a new commit and slug.</summary>
    public string Land(FakePipeline pipeline, int generation, DateTimeOffset now)
    {
        var slug = ManifestGenerator.DeterministicGuid($"slug:{pipeline.Name}:{generation}").ToString();
        _slugCommits[slug] = ManifestGenerator.Sha($"{pipeline.Name}:{generation}");
        foreach (var app in pipeline.Stages[0])
        {
            app.Deploy(slug, now);
            Released?.Invoke(pipeline, app, app.ReleaseJson(), false);
        }

        return slug;
    }

    public async Task<(int Status, string Body)> HandleAsync(HttpContext context, string[] parts)
    {
        var request = context.Request;
        if (Bucket is { } bucket)
        {
            var (allowed, remaining) = bucket.Take();
            context.Response.Headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            if (!allowed)
            {
                Interlocked.Increment(ref _rateLimited);
                _count("rate-limited", request);
                return (429, "{\"id\":\"rate_limit\",\"message\":\"Your account reached the API rate limit\\nPlease wait a few minutes before making new requests\"}");
            }
        }
        else
        {
            context.Response.Headers["RateLimit-Remaining"] = "4000";
        }

        switch (parts)
        {
            case ["apps", var name, "releases"]:
                _count("releases", request);
                return FindApp(name) is { } app ? (200, "[" + app.ReleaseJson() + "]") : NotFound("app");

            case ["apps", var name, "slugs", var slug]:
                _count("slugs", request);
                return _slugCommits.TryGetValue(slug, out var commit)
                    ? (200, $"{{\"id\":\"{slug}\",\"commit\":\"{commit}\",\"commit_description\":\"bench\"}}")
                    : NotFound("slug");

            case ["apps", var name]:
                _count("apps", request);
                return FindApp(name) is { } found ? (200, $"{{\"id\":\"{found.Id}\",\"name\":\"{found.Name}\"}}") : NotFound("app");

            case ["pipelines", var id, "latest-releases"]:
            {
                _count("latest-releases", request);
                if (!_pipelines.TryGetValue(Uri.UnescapeDataString(id), out var pipeline) || !string.Equals(pipeline.Id, Uri.UnescapeDataString(id), StringComparison.OrdinalIgnoreCase))
                {
                    return NotFound("pipeline");
                }

                _firstRead.TryAdd(pipeline.Id, Stopwatch.GetTimestamp());
                return (200, "[" + string.Join(',', pipeline.Stages.SelectMany(s => s).Select(a => a.ReleaseJson())) + "]");
            }

            case ["pipelines", var id, "pipeline-couplings"]:
            {
                _count("pipeline-couplings", request);
                if (!_pipelines.TryGetValue(Uri.UnescapeDataString(id), out var pipeline))
                {
                    return NotFound("pipeline");
                }

                return (200, "[" + string.Join(',', pipeline.Stages.SelectMany(s => s).Select(a =>
                    $"{{\"id\":\"{ManifestGenerator.DeterministicGuid("coupling:" + a.Id)}\",\"app\":{{\"id\":\"{a.Id}\"}},\"pipeline\":{{\"id\":\"{pipeline.Id}\"}},\"stage\":\"{a.Stage}\"}}")) + "]");
            }

            case ["pipelines", var idOrName]:
                _count("pipelines", request);
                return _pipelines.TryGetValue(Uri.UnescapeDataString(idOrName), out var p)
                    ? (200, $"{{\"id\":\"{p.Id}\",\"name\":\"{p.Name}\"}}")
                    : NotFound("pipeline");

            case ["pipeline-promotions"] when HttpMethods.IsPost(request.Method):
                _count("promote", request);
                return await PromoteAsync(request);

            case ["pipeline-promotions", var id, "promotion-targets"]:
            {
                _count("promotion-targets", request);
                if (!_promotions.TryGetValue(id, out var promotion))
                {
                    return NotFound("promotion");
                }

                var status = promotion.Done ? "succeeded" : "pending";
                return (200, "[" + string.Join(',', promotion.Targets.Select(t => $"{{\"app\":{{\"id\":\"{t}\"}},\"status\":\"{status}\"}}")) + "]");
            }

            default:
                _count("other", request);
                return NotFound("route");
        }
    }

    private async Task<(int, string)> PromoteAsync(HttpRequest request)
    {
        using var doc = await JsonDocument.ParseAsync(request.Body);
        var sourceId = doc.RootElement.GetProperty("source").GetProperty("app").GetProperty("id").GetString()!;
        var source = _apps[_idToName[sourceId]];
        var pipeline = _pipelines[doc.RootElement.GetProperty("pipeline").GetProperty("id").GetString()!];
        var targets = doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("app").GetProperty("id").GetString()!).ToArray();
        var (slug, _, created) = source.Read();
        var promotion = new Promotion(targets);
        var promotionId = ManifestGenerator.DeterministicGuid("promotion:" + Interlocked.Increment(ref _promotionSeq)).ToString();
        _promotions[promotionId] = promotion;
        void Complete()
        {
            foreach (var id in targets)
            {
                var app = _apps[_idToName[id]];
                app.Deploy(slug, created);
                Released?.Invoke(pipeline, app, app.ReleaseJson(), true);
            }

            promotion.Done = true;
        }

        if (PromotionDelay <= TimeSpan.Zero)
        {
            Complete();
        }
        else
        {
            _ = Task.Delay(PromotionDelay).ContinueWith(_ => Complete(), TaskScheduler.Default);
        }

        return (201, $"{{\"id\":\"{promotionId}\",\"status\":\"pending\"}}");
    }

    private FakeHerokuApp? FindApp(string nameOrId)
    {
        var key = Uri.UnescapeDataString(nameOrId);
        return _apps.TryGetValue(key, out var app) || (_idToName.TryGetValue(key, out var name) && _apps.TryGetValue(name, out app)) ? app : null;
    }

    private static (int, string) NotFound(string what) => (404, $"{{\"id\":\"not_found\",\"message\":\"Couldn't find that {what}.\"}}");

    private sealed class Promotion(string[] targets)
    {
        public string[] Targets => targets;

        private int _done;

        public bool Done
        {
            get => Volatile.Read(ref _done) == 1;
            set => Volatile.Write(ref _done, value ? 1 : 0);
        }
    }
}
